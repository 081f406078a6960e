import Foundation
import Testing
import UnhurriedCore

/// A candidate policy against the one in force, on asks already made.
@Suite struct PolicyComparisonTests {
    private let channel = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")
    /// Monday 2026-11-23, 08:00 UTC: an hour before the built-in policy's working day.
    private let monday = Date(timeIntervalSince1970: 1_795_420_800)

    private func ask(_ id: Int64, tier: String = "standard", of people: [String]) -> ItemHistory {
        let item = Item(id: ItemID(id), status: .open, NewItem(
            kind: .ask, channel: channel, author: ChatUserID("U0ALICE"), request: "r", links: [], tierName: tier, createdAt: monday,
            assignments: people.map { Assignment(assignee: ChatUserID($0), dueAt: monday) }))
        return ItemHistory(item: item, events: [ItemEvent(kind: .created, actor: item.author, at: monday)])
    }

    private func candidate(_ change: (inout ResponseTier) -> Void) -> ResponsePolicy {
        var policy = ResponsePolicy.builtIn
        change(&policy.tiers[1])
        return policy
    }

    @Test func findsDeadlinesMovedEarlierAndEscalationsGained() {
        let shorter = candidate {
            $0.respondWithin = PolicyDuration(seconds: 4 * 3600)
            $0.escalateAfter = PolicyDuration(seconds: 2 * 3600)
        }
        let comparison = PolicyComparison.compare(
            [ask(1, of: ["U0BOB", "U0CAROL"]), ask(2, tier: "urgent", of: ["U0BOB"])], current: .builtIn, candidate: shorter, personal: [:])
        #expect(comparison.asksCompared == 2)
        #expect(comparison.assignmentsCompared == 3)
        // Due 17:00 under a working day, 13:00 under four working hours.
        #expect(comparison.earlier == PolicyComparison.Shift(count: 2, median: .seconds(4 * 3600), largest: .seconds(4 * 3600)))
        #expect(comparison.later.count == 0)
        #expect(comparison.escalationsGained == 2)
        #expect(comparison.escalationsLost == 0)
        #expect(!comparison.changesNothing)
        #expect(PolicyComparison.compare([ask(1, of: ["U0BOB"])], current: .builtIn, candidate: .builtIn, personal: [:]).changesNothing)
    }

    @Test func countsCallsOutsideHoursWhenATierCountsCalendarTime() {
        let roundTheClock = candidate {
            $0.counting = .calendar
            $0.remindAt = [.shareOfWindow(0.5)]
        }
        let comparison = PolicyComparison.compare([ask(1, of: ["U0BOB"])], current: .builtIn, candidate: roundTheClock, personal: [:])
        // A reminder at 20:00 and the overdue notice at 08:00 next day, both outside 09:00–17:00; the card, posted at
        // 08:00, still waits for a first call at 09:00.
        #expect(comparison.callsOutsideHoursNow == 0)
        #expect(comparison.callsOutsideHoursCandidate == 2)
        #expect(comparison.remindersCandidate == 1)
        #expect(comparison.later == PolicyComparison.Shift(count: 1, median: .seconds(15 * 3600), largest: .seconds(15 * 3600)))
    }

    @Test func comparesAnAskUnderTheDefaultTierWhenTheCandidateLacksItsTier() {
        var withoutLow = ResponsePolicy.builtIn
        withoutLow.tiers.removeAll { $0.name == "low" }
        let comparison = PolicyComparison.compare([ask(1, tier: "low", of: ["U0BOB"])], current: .builtIn, candidate: withoutLow, personal: [:])
        #expect(comparison.tiersMissing == ["low"])
        #expect(comparison.earlier.count == 1)
    }
}
