import Foundation
import Testing
import UnhurriedCore
import UnhurriedServer

/// Daily nudges through the real HTTP paths in virtual time (`SlackTeam`): one DM at the start of the assignee's
/// working day instead of a reminder per ask.
@Suite(.timeLimit(.minutes(2))) struct DailyNudgeFlowTests {
    /// Three daily tiers, so three asks made together have three deadlines.
    static let dailyPolicy = ResponsePolicy(
        tiers: [
            ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 1), reminders: .daily),
            ResponseTier(name: "low", respondWithin: PolicyDuration(days: 3), reminders: .daily),
            ResponseTier(name: "week", respondWithin: PolicyDuration(days: 5), reminders: .daily),
        ],
        defaultTierName: "standard", workingHours: .standardUTC)

    /// A reminder per ask, half-way and at 90% of three working days.
    static let eachPolicy = ResponsePolicy(
        tiers: [ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 3), remindAt: [.shareOfWindow(0.5), .shareOfWindow(0.9)])],
        defaultTierName: "standard", workingHours: .standardUTC)

    private static func utc(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    private static func nudges(_ slack: FakeSlackAPI) -> [FakeSlackAPI.ReceivedPost] {
        slack.posts.filter { $0.idempotencyKey?.hasPrefix("nudge:") == true }
    }

    private static func perAskReminders(_ slack: FakeSlackAPI) -> [String] {
        slack.posts.compactMap(\.idempotencyKey).filter { $0.contains(":reminder-") || $0.contains(":overdue") }
    }

    /// Runs the workers every hour up to `end`, as the server would whenever something falls due.
    private static func run(_ team: SlackTeam, through end: Date) async throws {
        while team.clock.now < end {
            team.clock.move(to: min(end, team.clock.now.addingTimeInterval(3600)))
            try await team.tick()
        }
    }

    /// One nudge comes exactly at each instant and not a second before, keyed by the day it is for.
    private static func expectNudges(_ team: SlackTeam, _ slack: FakeSlackAPI, at instants: [(Date, String)]) async throws {
        for (instant, day) in instants {
            let before = nudges(slack).count
            try await run(team, through: instant.addingTimeInterval(-1))
            #expect(nudges(slack).count == before, "nothing before \(instant)")
            try await run(team, through: instant)
            #expect(nudges(slack).count == before + 1, "one at \(instant)")
            #expect(nudges(slack).last?.idempotencyKey == "nudge:slack:T0TEAM:U0BOB:\(day)")
            #expect(nudges(slack).last?.channel == "U0BOB")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aDailyTierSendsOneNudgeADayListingEveryAskEarliestDeadlineFirst(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.dailyPolicy) { team in
            // Mon 08:00: due Fri 17:00 (#1), Wed 17:00 (#2) and Mon 17:00 (#3).
            try await team.ask("<@U0BOB> check the week plan https://example.com/1 — is it complete? !week")
            try await team.ask("<@U0BOB> review the budget https://example.com/2 — is the total right? !low")
            try await team.ask("<@U0BOB> read the brief https://example.com/3 — does the audience fit? !standard")
            // The calls at 09:00 stay (the cards came before his day); no reminder, no overdue notice at 17:00.
            try await Self.run(team, through: Self.utc("2026-11-24T08:59:59Z"))
            #expect(Self.nudges(slack).isEmpty)
            #expect(slack.posts.compactMap(\.idempotencyKey).filter { $0.hasSuffix("first-call:dm") }.count == 3)
            try await Self.expectNudges(team, slack, at: [(Self.utc("2026-11-24T09:00:00Z"), "2026-11-24")])
            let tuesday = try #require(Self.nudges(slack).last).raw
            #expect(tuesday.contains("Waiting on you: 3 asks*, 1 past its deadline"))
            let order = try ["Overdue: ask #3", "Ask #2", "Ask #1"].map { try #require(tuesday.range(of: $0)).lowerBound }
            #expect(order == order.sorted())
            #expect(tuesday.contains(#""block_id":"item_2""#) && tuesday.contains(#""action_id":"done""#))

            try await Self.expectNudges(team, slack, at: [(Self.utc("2026-11-25T09:00:00Z"), "2026-11-25")])
            // Wednesday 09:00: #2 is due at 17:00, not yet overdue.
            #expect(Self.nudges(slack).last?.raw.contains("Overdue: ask #2") == false)
            try await Self.run(team, through: Self.utc("2026-11-25T10:00:00Z"))
            for id in 1...3 { _ = try await team.command("/done", "\(id)", user: "U0BOB") }
            // Nothing waits: nothing is sent, all the next week.
            try await Self.run(team, through: Self.utc("2026-12-02T18:00:00Z"))
        }
        #expect(Self.nudges(slack).count == 2)
        #expect(Self.perAskReminders(slack).isEmpty)
    }

    @Test(arguments: TestDatabase.kinds)
    func aPersonChoosingDailyStopsTheirRemindersAndChoosingEachBringsThemBack(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.eachPolicy) { team in
            // Asked Mon 10:00, due Thu 10:00: reminders due Tue 14:00 and Wed 15:36.
            try await team.advance(to: 2)
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            try await team.advance(to: 3)
            let answer = try await team.command("/hours", "nudges daily", user: "U0BOB")
            #expect(answer.contains("one message at the start of your working day"))
            #expect(try await team.command("/hours", "nudges weekly", user: "U0BOB").contains("is not a way to be reminded"))
            try await Self.expectNudges(team, slack, at: [(Self.utc("2026-11-24T09:00:00Z"), "2026-11-24")])
            try await Self.run(team, through: Self.utc("2026-11-24T10:00:00Z"))
            _ = try await team.command("/hours", "nudges each", user: "U0BOB")
            #expect(try await team.command("/hours", "", user: "U0BOB").contains("Reminders: one per ask"))
            // The reminder still ahead comes back; the nudge does not.
            try await Self.run(team, through: Self.utc("2026-11-24T13:59:59Z"))
            #expect(Self.perAskReminders(slack).isEmpty)
            try await Self.run(team, through: Self.utc("2026-11-24T14:00:00Z"))
            #expect(Self.perAskReminders(slack) == ["item:1:U0BOB:reminder-1:thread", "item:1:U0BOB:reminder-1:dm"])
            try await Self.run(team, through: Self.utc("2026-11-26T12:00:00Z"))
        }
        #expect(Self.nudges(slack).count == 1)
        #expect(Self.perAskReminders(slack) == [
            "item:1:U0BOB:reminder-1:thread", "item:1:U0BOB:reminder-1:dm", "item:1:U0BOB:reminder-2:thread", "item:1:U0BOB:reminder-2:dm",
            "item:1:U0BOB:overdue:thread", "item:1:U0BOB:overdue:dm",
        ])
    }

    @Test(arguments: TestDatabase.kinds)
    func twoSchedulersQueueOneNudgeForThePersonsDay(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.dailyPolicy) { team in
            try await team.advance(to: 2)
            try await team.ask("<@U0BOB> review the plan https://example.com/1 — is the date right? !week")
            try await team.ask("<@U0BOB> review the budget https://example.com/2 — is the total right? !week")
            try await Self.run(team, through: Self.utc("2026-11-23T23:00:00Z"))
            let other = FollowUpScheduler(store: team.store, policy: LivePolicy(Self.dailyPolicy))
            // Tue 09:00: another replica holds one of Bob's asks; this one plans the other and queues his nudge.
            team.clock.move(to: Self.utc("2026-11-24T09:00:00Z"))
            let held = try await team.store.claimDueAssignments(at: team.clock.now, limit: 1, leaseUntil: team.clock.now.addingTimeInterval(60))
            #expect(held.count == 1)
            #expect(try await team.scheduler.queueDueFollowUps(now: team.clock.now) == 1)
            try await team.dispatcher.deliverDuePosts()
            // The other replica gets the ask it held once its claim runs out: the day's nudge is queued already.
            team.clock.advance(by: 61)
            #expect(try await other.queueDueFollowUps(now: team.clock.now) == 0)
            try await team.dispatcher.deliverDuePosts()
            #expect(Self.nudges(slack).count == 1)
            // Wed 09:00: both replicas at once.
            team.clock.move(to: Self.utc("2026-11-25T09:00:00Z"))
            async let first = team.scheduler.queueDueFollowUps(now: team.clock.now, batchSize: 1)
            async let second = other.queueDueFollowUps(now: team.clock.now, batchSize: 1)
            #expect(try await first + second == 1)
            try await team.dispatcher.deliverDuePosts()
        }
        #expect(Self.nudges(slack).map(\.idempotencyKey) == ["nudge:slack:T0TEAM:U0BOB:2026-11-24", "nudge:slack:T0TEAM:U0BOB:2026-11-25"])
    }

    @Test(arguments: TestDatabase.kinds)
    func theNudgeComesAtTheStartOfTheirOwnDayAcrossTheEndOfSummerTime(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        // Thu 2026-10-29 12:00 UTC; New York leaves summer time on Sunday, 1 November.
        let clock = VirtualClock(Self.utc("2026-10-29T12:00:00Z"))
        try await withSlackTeam(kind, slack: slack, clock: clock, policy: Self.dailyPolicy) { team in
            _ = try await team.command("/hours", "09:00-17:00 America/New_York", user: "U0BOB")
            try await Self.run(team, through: Self.utc("2026-10-29T14:00:00Z"))
            try await team.ask("<@U0BOB> review the plan https://example.com/1 — is the date right? !week")
            // 09:00 in New York: 13:00 UTC in summer time, 14:00 UTC after it.
            try await Self.expectNudges(team, slack, at: [
                (Self.utc("2026-10-30T13:00:00Z"), "2026-10-30"), (Self.utc("2026-11-02T14:00:00Z"), "2026-11-02"),
                (Self.utc("2026-11-03T14:00:00Z"), "2026-11-03"),
            ])
        }
        #expect(Self.perAskReminders(slack).isEmpty)
    }

    @Test(arguments: TestDatabase.kinds)
    func theNudgeComesAtTheStartOfTheirDayInAHalfHourZone(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.dailyPolicy) { team in
            _ = try await team.command("/hours", "09:00-17:00 Asia/Kolkata", user: "U0BOB")
            // Mon 08:00 UTC is 13:30 in Kolkata: the ask reaches Bob in his day, and the next one is Tuesday's.
            try await team.ask("<@U0BOB> review the plan https://example.com/1 — is the date right? !week")
            try await Self.expectNudges(team, slack, at: [
                (Self.utc("2026-11-24T03:30:00Z"), "2026-11-24"), (Self.utc("2026-11-25T03:30:00Z"), "2026-11-25"),
            ])
        }
    }
}

extension DailyNudgeFlowTests {
    @Test func aDayThatOpensWithFocusTimeGetsItsNudgeWhenFocusEnds() async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(.sqlite, slack: slack, policy: Self.dailyPolicy) { team in
            // Berlin, a split day that opens with two hours of focus: Tuesday's nudge comes at 11:00 there (10:00Z).
            _ = try await team.command("/hours", "mon-fri 09:00-12:00,13:00-17:00 Europe/Berlin focus 09:00-11:00", user: "U0BOB")
            try await team.ask("<@U0BOB> review the plan https://example.com/1 — is the date right? !week")
            try await Self.expectNudges(team, slack, at: [
                (Self.utc("2026-11-24T10:00:00Z"), "2026-11-24"), (Self.utc("2026-11-25T10:00:00Z"), "2026-11-25"),
            ])
        }
    }
}
