import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import UnhurriedCore
import UnhurriedServer

/// An async standup across three time zones, end to end through the signed Slack routes in virtual time
/// (`SlackTeam`): each person is asked in their DM at 09:30 their time, answers by replying there or with `/update`,
/// and the channel gets one post at 16:00 Berlin time with everyone's answers and who is still to come.
@Suite(.timeLimit(.minutes(1))) struct StandupFlowTests {
    static let standup = Standup(
        channel: ChatChannel(platform: "slack", workspaceID: "T0TEAM", channelID: "C0TEAM"),
        people: [ChatUserID("U0BOB"), ChatUserID("U0CAROL"), ChatUserID("U0DAN"), ChatUserID("U0EVE")],
        promptAt: TimeOfDay(hour: 9, minute: 30)!, questions: ["What did you get done?", "What is next?"],
        digestAt: TimeOfDay(hour: 16, minute: 0)!, digestTimeZone: TimeZone(identifier: "Europe/Berlin")!)
    static let policy = ResponsePolicy(
        tiers: [ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 1))], defaultTierName: "standard",
        workingHours: .standardUTC, standups: [standup])

    /// A message someone writes in their DM with the bot, as the Events API delivers it.
    private func directMessage(_ text: String, from user: String, ts: String, inThreadOf parent: String? = nil, on team: SlackTeam) async throws {
        let thread = parent.map { #","thread_ts":"\#($0)""# } ?? ""
        let event = #"{"type":"message","channel":"D\#(user)","channel_type":"im","user":"\#(user)","text":"\#(text)","ts":"\#(ts)"\#(thread)}"#
        #expect(try await team.event(event, id: "Ev\(ts)").status == .ok)
    }

    @Test(arguments: TestDatabase.kinds)
    func asksEachPersonInTheirOwnMorningAndPostsOneDigest(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        // Sunday 22:00 UTC, before anyone's Monday.
        let clock = VirtualClock(SlackTeam.monday.addingTimeInterval(-10 * 3600))
        try await withSlackTeam(kind, slack: slack, clock: clock, policy: Self.policy) { team in
            _ = try await team.command("/hours", "Asia/Kolkata", user: "U0CAROL")
            _ = try await team.command("/hours", "America/New_York", user: "U0DAN")
            _ = try await team.command("/async", "away 2026-11-23", user: "U0EVE")
            func prompts() -> [String] { slack.posts.compactMap(\.idempotencyKey).filter { $0.hasSuffix(":prompt") } }
            let round = "standup:slack:T0TEAM:C0TEAM:2026-11-23"

            // Carol's 09:30 in Kolkata is 04:00 UTC (−4 h after Monday 08:00).
            try await team.advance(to: -4.01)
            #expect(prompts().isEmpty)
            try await team.advance(to: -4)
            #expect(prompts() == ["\(round):U0CAROL:prompt"])
            #expect(slack.posts.last?.channel == "U0CAROL")
            #expect(slack.posts.last?.raw.contains("What is next?") == true)
            try await directMessage("Shipped the export.\\nNext: pre-reads.", from: "U0CAROL", ts: "1795406500.000100", on: team)
            try await directMessage("No blockers.", from: "U0CAROL", ts: "1795406600.000100", on: team)
            try await team.tick()
            // A reply under the bot's thanks adds to her answer too.
            try await directMessage("Also: hiring.", from: "U0CAROL", ts: "1795406700.000100", inThreadOf: "1795406500.000100", on: team)
            // Her message is answered in its thread, once each.
            let thanks = slack.posts.filter { $0.threadTS == "1795406500.000100" }
            #expect(thanks.count == 1 && thanks.first?.raw.contains("Thanks, noted for") == true)

            // Bob's 09:30 UTC (1.5 h), Dan's 09:30 in New York, 14:30 UTC (6.5 h). Eve is away: never asked.
            try await team.advance(to: 1.5)
            #expect(prompts().last == "\(round):U0BOB:prompt")
            #expect(try await team.command("/update", "Reviewed the Q3 brief; next the budget", user: "U0BOB").contains("Thanks, noted for"))
            try await team.advance(to: 6.5)
            #expect(prompts() == ["\(round):U0CAROL:prompt", "\(round):U0BOB:prompt", "\(round):U0DAN:prompt"])

            // 16:00 in Berlin, 15:00 UTC (7 h): one post in the channel.
            try await team.advance(to: 6.99)
            #expect(!slack.posts.contains { $0.channel == "C0TEAM" })
            try await team.advance(to: 7)
            let digest = try #require(slack.posts.last)
            #expect(digest.idempotencyKey == "\(round):digest")
            #expect(digest.channel == "C0TEAM")
            #expect(digest.raw.contains("Shipped the export.\\nNext: pre-reads.\\nNo blockers.\\nAlso: hiring."))
            #expect(digest.raw.contains("Reviewed the Q3 brief; next the budget"))
            // Named, not called: Carol's profile gives her name; Dan's gives none, so his id stands in — never a mention.
            #expect(digest.raw.contains("Still to come: *U0DAN*"))
            #expect(digest.raw.contains("*carol*") && !digest.raw.contains("<@"))
            #expect(!digest.raw.contains("U0EVE"))

            // After the digest nothing has asked Dan yet: his message is not taken for an update, `/update` is, for Tuesday.
            try await directMessage("Thanks!", from: "U0DAN", ts: "1795448000.000100", on: team)
            #expect(try await team.command("/update", "Back from the offsite.", user: "U0DAN").contains("Thanks, noted for"))
            let tuesday = try await team.store.standupAnswers(of: Self.standup.key, round: LocalDate(year: 2026, month: 11, day: 24)!)
            #expect(tuesday.map(\.person) == [ChatUserID("U0DAN")])
            try await team.advance(to: 8)
        }
        // Three prompts, three thank-yous, one digest, the answer to Dan's message: nothing twice.
        let keys = slack.posts.compactMap(\.idempotencyKey)
        #expect(keys.count == Set(keys).count)
        #expect(slack.posts.filter { $0.channel == "C0TEAM" }.count == 1)
        #expect(slack.posts.first { $0.threadTS == "1795448000.000100" }?.raw.contains("I did not take this for your update") == true)
    }

    /// Twelve long answers are more than one post holds on Mattermost: the digest goes on in a second and third post,
    /// each saying which part it is, each posted once, every answer whole in one of them.
    @Test(arguments: TestDatabase.kinds)
    func aDigestTooLongForOnePostGoesOnInTheNext(_ kind: TestDatabase.Kind) async throws {
        var standup = Self.standup
        standup.people = (1...12).map { ChatUserID("U0P\($0)") }
        var policy = Self.policy
        policy.standups = [standup]
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: policy) { team in
            try await team.advance(to: 1.5)
            for person in 1...12 {
                let answer = "Person \(person) reports: " + (1...300).map { "w\(person)x\($0)" }.joined(separator: " ")
                #expect(try await team.command("/update", answer, user: "U0P\(person)").contains("Thanks, noted for"))
            }
            try await team.advance(to: 7)
            // The parts after the first are due a second after it, one a second: the channel's pace.
            try await team.advance(to: 7.01)
        }
        let digests = slack.posts.filter { $0.channel == "C0TEAM" }
        let round = "standup:slack:T0TEAM:C0TEAM:2026-11-23:digest"
        #expect(digests.map(\.idempotencyKey) == [round, "\(round):part2", "\(round):part3"])
        for (index, digest) in digests.enumerated() { #expect(digest.raw.contains("Async update · 2026-11-23 · \(index + 1) of 3")) }
        for person in 1...12 {
            #expect(digests.filter { $0.raw.contains("Person \(person) reports") && $0.raw.contains("w\(person)x300") }.count == 1, "\(person)")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aReplyUnderThePromptIsAnAnswerAndUnderAReminderItIsTheReplyToIt(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            // A pre-read for a meeting at 15:00: Bob's reminder goes to his DM at 11:00, his prompt at 09:30.
            _ = try await team.command("/preread", "Retro at 15:00 <@U0BOB> notes https://example.com/retro")
            try await team.advance(to: 1.5)
            let prompt = try #require(slack.posts.first { $0.idempotencyKey?.hasSuffix("U0BOB:prompt") == true })
            try await directMessage("All done here.", from: "U0BOB", ts: "1795426000.000100", inThreadOf: prompt.ts, on: team)
            try await team.advance(to: 3)
            let reminder = try #require(slack.posts.first { $0.idempotencyKey == "item:1:U0BOB:reminder-1:dm" })
            try await directMessage("What is on page 2?", from: "U0BOB", ts: "1795431000.000100", inThreadOf: reminder.ts, on: team)
            try await team.tick()
            let answers = try await team.store.standupAnswers(of: Self.standup.key, round: LocalDate(year: 2026, month: 11, day: 23)!)
            #expect(answers.map(\.text) == ["All done here."])
            let item = try #require(try await team.store.item(ItemID(1), in: WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")))
            #expect(item.assignment(of: ChatUserID("U0BOB"))?.acknowledgedAt != nil)
            // The answer is thanked under the prompt; the reply under the reminder is not taken for an answer.
            #expect(slack.posts.filter { $0.threadTS == prompt.ts }.count == 1)
            #expect(slack.posts.filter { $0.threadTS == reminder.ts }.isEmpty)
        }
    }

    @Test func aWeeklyStandupAsksOnceOnItsDayAndPostsOneDigest() async throws {
        var standup = Self.standup
        standup.people = [ChatUserID("U0BOB"), ChatUserID("U0CAROL")]
        standup.roundDays = [.friday]
        var weeklyPolicy = Self.policy
        weeklyPolicy.standups = [standup]
        let slack = FakeSlackAPI()
        try await withSlackTeam(.sqlite, slack: slack, policy: weeklyPolicy) { team in
            _ = try await team.command("/async", "away 2026-11-27", user: "U0CAROL")
            // Monday to Thursday morning: nobody is asked.
            try await team.advance(to: 3 * 24 + 1.49)
            #expect(slack.posts.isEmpty)
            // Carol is away on Friday: she is asked at 09:30 on Thursday, her last working day in the round; Bob on Friday.
            let round = "standup:slack:T0TEAM:C0TEAM:2026-11-27"
            try await team.advance(to: 3 * 24 + 1.5)
            #expect(try await team.command("/update", "Planned Q1", user: "U0CAROL").contains("Thanks, noted for"))
            try await team.advance(to: 4 * 24 + 1.5)
            #expect(slack.posts.compactMap(\.idempotencyKey) == ["\(round):U0CAROL:prompt", "\(round):U0BOB:prompt"])
            // Friday 16:00 Berlin is 15:00 UTC: one digest for the week, then nothing until next Friday.
            try await team.advance(to: 4 * 24 + 7)
            #expect(slack.posts.filter { $0.channel == "C0TEAM" }.count == 1)
            try await team.advance(to: 7 * 24 + 4 * 24 - 1)
            #expect(slack.posts.count == 3)
        }
    }

    @Test func aPromptThatCameDueOutsideSomeonesHoursIsNotSentLate() async throws {
        var standup = Self.standup
        standup.people = [ChatUserID("U0BOB"), ChatUserID("U0TARO")]
        var tokyoPolicy = Self.policy
        tokyoPolicy.standups = [standup]
        let policy = tokyoPolicy
        let slack = FakeSlackAPI()
        // Monday 09:00 UTC: Taro's 09:30 in Tokyo (00:30 UTC) passed while the server was down; it is 18:00 there now.
        try await withSlackTeam(.sqlite, slack: slack, clock: VirtualClock(SlackTeam.monday.addingTimeInterval(3600)), policy: policy) { team in
            _ = try await team.command("/hours", "Asia/Tokyo", user: "U0TARO")
            // The scheduler next wakes for Bob's 09:30; Taro's next working hour is past the digest.
            let look = try await StandupScheduler(store: team.store, policy: LivePolicy(policy)).queueDue(now: team.clock.now)
            #expect(look.nextDueAt == SlackTeam.monday.addingTimeInterval(1.5 * 3600))
            try await team.advance(to: 1.5)
            #expect(slack.posts.compactMap(\.idempotencyKey) == ["standup:slack:T0TEAM:C0TEAM:2026-11-23:U0BOB:prompt"])
            // His next working hour is after Monday's digest: Monday's prompt is dropped, Tuesday's comes at his 09:30.
            try await team.advance(to: 16.49)
            #expect(slack.posts.count == 1)
            try await team.advance(to: 16.5)
            #expect(slack.posts.last?.idempotencyKey == "standup:slack:T0TEAM:C0TEAM:2026-11-24:U0TARO:prompt")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aRestartedSchedulerAsksNobodyTwiceAndADigestHoursLateIsDropped(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            try await team.advance(to: 1.5)
            #expect(try await team.command("/update", "Reviewed the brief", user: "U0BOB").contains("Thanks, noted for"))
            let prompts = slack.posts.count
            // A new process (a restart, another replica) knows nothing of what was queued: the store does.
            let restarted = StandupScheduler(store: team.store, policy: LivePolicy(Self.policy))
            #expect(try await restarted.queueDue(now: team.clock.now).queued == prompts)
            try await team.tick()
            #expect(slack.posts.count == prompts)
            // The server was down from before the 15:00 UTC digest until 22:00: that digest is not sent at all.
            team.clock.advance(by: 12.5 * 3600)
            #expect(try await restarted.queueDue(now: team.clock.now).queued == 0)
            try await team.tick()
        }
        #expect(!slack.posts.contains { $0.channel == "C0TEAM" })
    }

    @Test func aDirectMessageFromSomeoneInNoStandupIsNotRecordedAndAQuietDayPostsNoDigest() async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(.sqlite, slack: slack, policy: Self.policy) { team in
            try await directMessage("hello?", from: "U0ZED", ts: "1795420900.000100", on: team)
            let recorded = try await team.store.recordInboundEvent("Ev1795420900.000100", platform: "slack", at: team.clock.now)
            #expect(recorded)
            let answer = try await team.command("/update", "done with the brief", user: "U0ZED")
            #expect(answer.contains("not in an async update"))
            try await team.tick()
            #expect(slack.posts.isEmpty)
            try await team.advance(to: 1.5)
            try await team.advance(to: 24)
        }
        // Everyone was asked at 09:30 UTC; nobody answered, so the channel is not told that everyone is missing.
        #expect(slack.posts.count == 4)
        #expect(slack.posts.allSatisfy { $0.idempotencyKey?.hasSuffix(":prompt") == true })
    }
}
