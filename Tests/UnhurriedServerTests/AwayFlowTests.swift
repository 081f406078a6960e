import Foundation
import Testing
import UnhurriedCore
import UnhurriedServer

/// Time away and holidays recorded after an ask move its open deadlines through the real paths, in virtual time
/// (`SlackTeam`): the history, the card, the asker's one private notice and the follow-ups all follow.
@Suite(.timeLimit(.minutes(1))) struct AwayFlowTests {
    private let workspace = WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")
    /// Mon 2026-11-23 17:00Z, the end of the ask's first working day, and Wed 17:00Z, two working days later.
    private let mondayEvening = Date(timeIntervalSince1970: 1_795_453_200)
    private let tuesdayEvening = Date(timeIntervalSince1970: 1_795_539_600)
    private let wednesdayEvening = Date(timeIntervalSince1970: 1_795_626_000)

    @Test(arguments: TestDatabase.kinds)
    func awayAfterAnAskMovesOnlyThatPersonsDeadlineAndTellsTheAskerOnce(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: FollowUpFlowTests.policy) { team in
            try await team.ask("<@U0BOB> <@U0DAN> review https://example.com/plan — is the date realistic?")
            try await team.ask("<@U0BOB> check https://example.com/budget — does it add up?")
            try await team.tick()
            #expect(slack.posts.count == 2)

            // Monday 08:00: Bob will be away today and tomorrow. Each of his asks keeps its working day, now Wednesday.
            let answer = try await team.command("/away", "2026-11-23..2026-11-24", user: "U0BOB")
            #expect(answer.contains("Noted: away 2026-11-23..2026-11-24"))
            #expect(answer.contains("#1") && answer.contains("#2"))
            let first = try #require(try await team.store.item(ItemID(1), in: workspace))
            #expect(first.assignment(of: ChatUserID("U0BOB"))?.dueAt == wednesdayEvening)
            #expect(first.assignment(of: ChatUserID("U0DAN"))?.dueAt == mondayEvening)
            #expect(try await team.store.item(ItemID(2), in: workspace)?.assignment(of: ChatUserID("U0BOB"))?.dueAt == wednesdayEvening)
            #expect(try await team.command("/show", "1", user: "U0ALICE").contains("deadline moved: away"))

            // Both cards show the new deadline (a second apart: the channel is paced); Alice hears once, privately, about both.
            try await team.tick()
            team.clock.advance(by: 2)
            try await team.tick()
            #expect(slack.updates.count == 2)
            #expect(slack.updates.allSatisfy { $0.raw.contains("<!date^1795626000^") })
            let notices = slack.posts.filter { $0.channel == "U0ALICE" }
            #expect(notices.count == 1)
            let notice = try #require(notices.first)
            #expect(notice.idempotencyKey?.hasPrefix("moved:slack:T0TEAM:U0BOB:away:2026-11-23..2026-11-24:") == true)
            #expect(notice.raw.contains("is away 2026-11-23..2026-11-24") && notice.raw.contains("#1") && notice.raw.contains("#2"))

            // Nothing reaches Bob while he is away; Dan's ask runs as it did.
            try await team.advance(to: 48.99)
            #expect(!slack.posts.contains { $0.idempotencyKey?.hasPrefix("item:1:U0BOB:") == true || $0.idempotencyKey?.hasPrefix("item:2:U0BOB:") == true })
            #expect(slack.posts.contains { $0.idempotencyKey == "item:1:U0DAN:overdue:dm" })

            // Called Wednesday 09:00, reminded at 13:00, overdue Thursday 09:00, escalated at 11:00.
            for hour: Double in [49, 53, 73, 75, 168] { try await team.advance(to: hour) }
        }
        let bobs = slack.posts.compactMap(\.idempotencyKey).filter { $0.hasPrefix("item:1:U0BOB:") }
        #expect(bobs == [
            "item:1:U0BOB:first-call:thread", "item:1:U0BOB:first-call:dm", "item:1:U0BOB:reminder-1:thread", "item:1:U0BOB:reminder-1:dm",
            "item:1:U0BOB:overdue:thread", "item:1:U0BOB:overdue:dm", "item:1:U0BOB:escalation",
        ])
        #expect(slack.posts.filter { $0.channel == "U0ALICE" }.count == 1)
    }

    @Test(arguments: TestDatabase.kinds)
    func aReloadThatAddsAHolidayMovesOpenDeadlinesOnceHoweverManyReplicasApplyIt(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: FollowUpFlowTests.policy) { team in
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            try await team.tick()
            // Monday 13:00, the admin makes Monday a holiday: Bob's four hours left run to Tuesday 13:00.
            try await team.advance(to: 5)
            var holiday = FollowUpFlowTests.policy
            holiday.workingHours.holidays = [LocalDate(parsing: "2026-11-23")!]
            let previous = team.policy.current
            team.policy.replace(with: holiday)
            let mover = DeadlineMover(store: team.store, policy: team.policy)
            #expect(try await mover.policyReplaced(from: previous, to: holiday, revision: "0123abcd", now: team.clock.now) == 1)
            // A second replica applying the same reload moves nothing more.
            try await mover.policyReplaced(from: previous, to: holiday, revision: "0123abcd", now: team.clock.now)
            let item = try #require(try await team.store.item(ItemID(1), in: workspace))
            #expect(item.assignment(of: ChatUserID("U0BOB"))?.dueAt == tuesdayEvening.addingTimeInterval(-4 * 3600))
            #expect(try await team.command("/show", "1", user: "U0ALICE").contains("deadline moved: policy"))
            // A reload of tiers alone reads nothing and moves nothing.
            var renamed = holiday
            renamed.tiers[0].means = "most asks"
            #expect(try await mover.policyReplaced(from: holiday, to: renamed, revision: "4567cdef", now: team.clock.now) == 0)
            try await team.tick()
            let notices = slack.posts.filter { $0.channel == "U0ALICE" }
            #expect(notices.map(\.idempotencyKey) == ["moved:slack:T0TEAM:U0BOB:policy:0123abcd:U0ALICE"])
            #expect(slack.updates.count == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func clearingTimeAwayLeavesTheMovedDeadlineWhereTheAskerWasTold(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: FollowUpFlowTests.policy) { team in
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            _ = try await team.command("/away", "2026-11-23..2026-11-24", user: "U0BOB")
            try await team.tick()
            // Back early: clearing the time away gives nobody an earlier deadline, and says nothing more to Alice.
            #expect(try await team.command("/away", "clear", user: "U0BOB").contains("Your time away is cleared"))
            #expect(try await team.store.item(ItemID(1), in: workspace)?.assignment(of: ChatUserID("U0BOB"))?.dueAt == wednesdayEvening)
            try await team.advance(to: 1)
        }
        #expect(slack.posts.filter { $0.channel == "U0ALICE" }.count == 1)
    }

    @Test(arguments: TestDatabase.kinds)
    func anAskAlreadyOverdueIsLeftAsItWas(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: FollowUpFlowTests.policy) { team in
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            // Tuesday 08:00, after Monday's deadline passed: Bob is away today. The miss stays a miss.
            try await team.advance(to: 24)
            let answer = try await team.command("/away", "2026-11-24", user: "U0BOB")
            #expect(answer.contains("Noted: away 2026-11-24") && !answer.contains("#1"))
            #expect(try await team.store.item(ItemID(1), in: workspace)?.assignment(of: ChatUserID("U0BOB"))?.dueAt == mondayEvening)
            try await team.tick()
            #expect(!slack.posts.contains { $0.channel == "U0ALICE" })
        }
    }
}
