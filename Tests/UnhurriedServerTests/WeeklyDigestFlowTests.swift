import Foundation
import Testing
import UnhurriedCore
import UnhurriedServer

/// The weekly digest end to end through the signed Slack routes in virtual time: a week of asks, a decision and a
/// pre-read, then one post on Monday morning with the team's figures, and never a second.
@Suite(.timeLimit(.minutes(1))) struct WeeklyDigestFlowTests {
    static let policy = ResponsePolicy(
        tiers: [ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 1)), ResponseTier(name: "urgent", respondWithin: PolicyDuration(seconds: 4 * 3600))],
        defaultTierName: "standard", workingHours: .standardUTC,
        weeklyDigest: WeeklyDigestTime(day: .monday, at: TimeOfDay(hour: 9, minute: 30)!))

    @Test(arguments: TestDatabase.kinds)
    func mondayMorningSumsUpLastWeekOnce(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            func weekly() -> [FakeSlackAPI.ReceivedPost] { slack.posts.filter { $0.idempotencyKey?.hasPrefix("weekly-digest:") == true } }
            // Monday 08:00: two standard asks (one acknowledged at 10:00, within a day), one urgent never answered.
            try await team.ask("<@U0BOB> review the plan https://example.com/1 — is the date right?")
            try await team.ask("<@U0CAROL> check the budget https://example.com/2 — is it complete?")
            try await team.ask("<@U0BOB> the export fails for Acme https://example.com/3 — can you look? !urgent")
            #expect(try await team.command("/decision", "we ship on Dec 3, see https://example.com/d #launch").contains("Recorded decision"))
            _ = try await team.command("/preread", "Planning at wednesday 15:00 for <@U0BOB> <@U0CAROL> budget https://example.com/p")
            // This Monday's 09:30 reports the week before, which was quiet: nothing.
            try await team.advance(to: 1.5)
            #expect(weekly().isEmpty)
            try await team.advance(to: 2)
            _ = try await team.command("/ack", "1", user: "U0BOB")
            try await team.advance(to: 32)
            _ = try await team.command("/preread", "read 5", user: "U0CAROL")
            // Next Monday 09:30 UTC.
            try await team.advance(to: 7 * 24 + 1.49)
            #expect(weekly().isEmpty)
            try await team.advance(to: 7 * 24 + 1.5)
            let digest = try #require(weekly().first)
            #expect(weekly().count == 1 && digest.channel == "C0GENERAL")
            #expect(digest.idempotencyKey == "weekly-digest:slack:T0TEAM:C0GENERAL:2026-11-30")
            #expect(digest.raw.contains("The week here · 2026-11-23 to 2026-11-29"))
            #expect(digest.raw.contains("2 asked"))
            #expect(digest.raw.contains("50% within the expected time"))
            #expect(digest.raw.contains("Decisions (1)") && digest.raw.contains("we ship on Dec 3"))
            #expect(digest.raw.contains("Pre-reads held (1)") && digest.raw.contains("read by 1 of 2"))
            // Nobody is called by it, and a restarted scheduler does not post it again.
            #expect(!digest.raw.contains("<@U0BOB>") && !digest.raw.contains("<@U0ALICE>"))
            let restarted = DigestScheduler(store: team.store, policy: LivePolicy(Self.policy))
            _ = try await restarted.queueDueDigests(now: team.clock.now)
            try await team.tick()
            #expect(weekly().count == 1)
        }
    }
}
