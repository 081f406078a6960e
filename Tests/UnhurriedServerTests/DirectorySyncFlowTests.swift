import ChatPlatformKit
import ChatPlatforms
import Foundation
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing
import UnhurriedCore
import UnhurriedServer

/// People's zones are in the store before anyone asks them anything (the Slack directory sync and its profile events),
/// and an ask that cannot wait for an unknown person's profile counts their deadline in the team's zone, then plans it
/// again when the profile answers: the card shows the new deadline, and the asker is told once, only if it moved.
@Suite(.timeLimit(.minutes(1))) struct DirectorySyncFlowTests {
    private let workspace = WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")
    private let bob = ChatUserID("U0BOB")
    /// The server's own: the slow profiles below take a second or more.
    private let budget = ServerConfiguration(enabled: []).profileLookupBudget
    /// Mon 2026-11-23 17:00Z: one working day from Monday 08:00Z in the team's UTC hours.
    private let mondayEvening = Date(timeIntervalSince1970: 1_795_453_200)
    /// Tue 2026-11-24 08:00Z, 17:00 in Tokyo: one working day from Monday 08:00Z (17:00 in Tokyo) in Tokyo's hours.
    private let tuesdayTokyoEvening = Date(timeIntervalSince1970: 1_795_507_200)

    /// Alice and 250 more (two pages of `users.list`), every tenth in Tokyo and the rest in London, with one deactivated
    /// account and one bot, which the sync leaves out.
    private static let directory: [FakeSlackAPI.Person] = [FakeSlackAPI.Person(id: "U0ALICE", tz: "Europe/London")] + (0..<250).map { index in
        FakeSlackAPI.Person(
            id: String(format: "U%04d", index), tz: index % 10 == 0 ? "Asia/Tokyo" : "Europe/London", deleted: index == 7, isBot: index == 8)
    }

    private func sync(_ slack: URL, team: SlackTeam) async throws -> Int {
        let platform = SlackPlatform(settings: SlackSettings(signingSecrets: [testSigningSecret], botToken: testBotToken, apiBaseURL: slack))
        let handler = CommandHandler(store: team.store, policy: team.policy)
        let services = platform.connect(http: NIOHTTPClient(timeout: .seconds(5)), memory: team.store)
            .backgroundServices(host: ProfileHost(handler: handler, clock: team.clock), logger: quietLogger)
        let sync = try #require(services.compactMap { $0 as? DirectorySync }.first)
        return await sync.passOverDirectory()
    }

    @Test(arguments: TestDatabase.kinds)
    func theSyncRemembersEveryonesZoneSoAnAskAsksNobody(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI(people: Self.directory)
        try await withSlackTeam(kind, slack: slack, policy: FollowUpFlowTests.policy, profileLookupBudget: budget) { team in
            let api = team.api
            #expect(try await sync(api, team: team) == 249)
            #expect(slack.usersListAnswers.withLock { $0 } == (served: 2, refused: 0))
            let settings = try await team.store.settings(of: [ChatUserID("U0010"), ChatUserID("U0011"), ChatUserID("U0007")], in: workspace)
            #expect(settings[ChatUserID("U0010")]?.directoryTimeZoneName == "Asia/Tokyo")
            #expect(settings[ChatUserID("U0011")]?.directoryTimeZoneName == "Europe/London")
            #expect(settings[ChatUserID("U0007")] == nil)

            try await team.ask("<@U0010> <@U0011> review https://example.com/plan — is the date realistic?")
            #expect(slack.profileLookups.withLock { $0 }.isEmpty)
            let item = try #require(try await team.store.item(ItemID(1), in: workspace))
            #expect(item.assignment(of: ChatUserID("U0010"))?.dueAt == tuesdayTokyoEvening)
            #expect(item.assignments.allSatisfy { !$0.plannedInTeamZone })
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anAskThatCannotWaitForAProfileIsPlannedAgainWhenTheProfileChangeArrives(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI(people: [FakeSlackAPI.Person(id: "U0BOB", tz: "Asia/Tokyo", profileDelay: .seconds(2))])
        try await withSlackTeam(kind, slack: slack, policy: FollowUpFlowTests.policy, profileLookupBudget: budget) { team in
            // Bob's profile takes two seconds: the ask does not wait, and counts his day in the team's zone.
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            let planned = try #require(try await team.store.item(ItemID(1), in: workspace)?.assignment(of: bob))
            #expect(planned.dueAt == mondayEvening && planned.plannedInTeamZone)
            try await team.tick()
            #expect(slack.posts.count == 1)

            // Slack says his profile is in Tokyo: the deadline is planned again in his hours, once however often it is said.
            let change = #"{"type":"user_change","user":{"id":"U0BOB","team_id":"T0TEAM","name":"bob","deleted":false,"tz":"Asia/Tokyo","tz_label":"Japan Standard Time","tz_offset":32400},"cache_ts":1795420800,"event_ts":"1795420800.000100"}"#
            #expect(try await team.event(change, id: "Ev01").status == .ok)
            #expect(try await team.event(change, id: "Ev02").status == .ok)
            // Slack has its answer at once; the change is remembered just after.
            try await waitUntil { try await team.store.item(ItemID(1), in: workspace)?.assignment(of: bob)?.plannedInTeamZone == false }
            let corrected = try #require(try await team.store.item(ItemID(1), in: workspace)?.assignment(of: bob))
            #expect(corrected.dueAt == tuesdayTokyoEvening && !corrected.plannedInTeamZone)
            #expect(try await team.store.settings(of: [bob], in: workspace)[bob]?.directoryTimeZoneName == "Asia/Tokyo")
            #expect(try await team.command("/show", "1").contains("deadline planned in their own time zone"))

            try await team.tick()
            #expect(slack.updates.count == 1)
            #expect(slack.updates.allSatisfy { $0.raw.contains("<!date^\(Int(tuesdayTokyoEvening.timeIntervalSince1970))^") })
            let notices = slack.posts.filter { $0.channel == "U0ALICE" }
            #expect(notices.count == 1)
            #expect(notices.first?.raw.contains("Asia/Tokyo") == true)
        }
    }

    /// Slack is answered before a change is remembered, and changes are remembered in the order they came: a person who
    /// moves twice in a row ends in the second zone; a deactivated account's change is not kept.
    @Test(arguments: TestDatabase.kinds)
    func profileChangesAreRememberedInTheOrderTheyCame(_ kind: TestDatabase.Kind) async throws {
        try await withSlackTeam(kind, slack: FakeSlackAPI(), policy: FollowUpFlowTests.policy, profileLookupBudget: budget) { team in
            func change(_ user: String, to zone: String, deleted: Bool = false) -> String {
                #"{"type":"user_change","user":{"id":"\#(user)","team_id":"T0TEAM","name":"x","deleted":\#(deleted),"tz":"\#(zone)","tz_offset":0},"event_ts":"1795420800.000100"}"#
            }
            for (number, zone) in ["Asia/Tokyo", "America/Chicago", "Europe/Paris", "Asia/Kolkata"].enumerated() {
                #expect(try await team.event(change("U0CAROL", to: zone), id: "Ev\(number)").status == .ok)
            }
            #expect(try await team.event(change("U0GONE", to: "Asia/Tokyo", deleted: true), id: "Ev9").status == .ok)
            let carol = ChatUserID("U0CAROL")
            @Sendable func zones() async throws -> [ChatUserID: String] {
                try await team.store.settings(of: [carol, ChatUserID("U0GONE")], in: workspace).compactMapValues(\.directoryTimeZoneName)
            }
            try await waitUntil { try await zones()[carol] == "Asia/Kolkata" }
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await zones() == [carol: "Asia/Kolkata"])
        }
    }

    /// A zone the person set with `/hours` after the ask comes before their profile's: the deadline counted in the team's
    /// zone is planned again in theirs, and the asker is told that one.
    @Test(arguments: TestDatabase.kinds)
    func aZoneSetWithHoursComesBeforeTheProfileWhenTheDeadlineIsPlannedAgain(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI(people: [FakeSlackAPI.Person(id: "U0BOB", tz: "Asia/Tokyo", profileDelay: .seconds(2))])
        try await withSlackTeam(kind, slack: slack, policy: FollowUpFlowTests.policy, profileLookupBudget: budget) { team in
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            #expect(try await team.command("/hours", "Asia/Kolkata", user: "U0BOB").contains("Asia/Kolkata"))
            let change = #"{"type":"user_change","user":{"id":"U0BOB","team_id":"T0TEAM","name":"bob","deleted":false,"tz":"Asia/Tokyo","tz_label":"Japan Standard Time","tz_offset":32400},"cache_ts":1795420800,"event_ts":"1795420800.000100"}"#
            #expect(try await team.event(change, id: "Ev01").status == .ok)
            try await waitUntil { try await team.store.item(ItemID(1), in: workspace)?.assignment(of: bob)?.plannedInTeamZone == false }
            // Asked Mon 13:30 in Kolkata: 3.5 working hours that day and 4.5 on Tuesday, to Tue 13:30 there (08:00 UTC).
            let corrected = try #require(try await team.store.item(ItemID(1), in: workspace)?.assignment(of: bob))
            #expect(corrected.dueAt == SlackTeam.monday.addingTimeInterval(24 * 3600) && !corrected.plannedInTeamZone)
            try await team.tick()
            let notices = slack.posts.filter { $0.channel == "U0ALICE" }
            #expect(notices.count == 1 && notices.first?.raw.contains("Asia/Kolkata") == true && notices.first?.raw.contains("Asia/Tokyo") == false)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aLateProfileAnswerPlansTheDeadlineAgainAndADeadlineThatStaysIsToldToNobody(_ kind: TestDatabase.Kind) async throws {
        // Dan's profile names no zone: once it answers, the team's zone was right all along. Each answer takes two
        // seconds, longer than any command could wait for it, and well inside the time the lookup is given
        // (`answerTimeout`, 5 s).
        let slack = FakeSlackAPI(people: [
            FakeSlackAPI.Person(id: "U0BOB", tz: "Asia/Tokyo", profileDelay: .seconds(2)),
            FakeSlackAPI.Person(id: "U0DAN", tz: nil, profileDelay: .seconds(2)),
        ])
        try await withSlackTeam(kind, slack: slack, policy: FollowUpFlowTests.policy, profileLookupBudget: budget) { team in
            try await team.ask("<@U0BOB> <@U0DAN> review https://example.com/plan — is the date realistic?")
            let item = try #require(try await team.store.item(ItemID(1), in: workspace))
            #expect(item.assignments.allSatisfy { $0.plannedInTeamZone })
            try await team.tick()

            // The server follows the ask: once both profiles answer, their deadlines are planned again.
            try await waitUntil { try await team.store.item(ItemID(1), in: workspace)?.assignments.contains(where: { $0.plannedInTeamZone }) == false }
            let after = try #require(try await team.store.item(ItemID(1), in: workspace))
            #expect(after.assignment(of: bob)?.dueAt == tuesdayTokyoEvening)
            #expect(after.assignment(of: ChatUserID("U0DAN"))?.dueAt == mondayEvening)
            #expect(after.assignments.allSatisfy { !$0.plannedInTeamZone })
            try await team.tick()
            // One card, one update for Bob's new deadline, one word to Alice: Dan's stayed, so nobody hears of it.
            #expect(slack.updates.count == 1)
            #expect(slack.posts.filter { $0.channel == "U0ALICE" }.count == 1)
        }
    }
}
