import Foundation
import Testing
import UnhurriedCore

/// Nobody is called outside their hours: a card that comes outside someone's working hours, on a holiday or a day
/// away names them, and they are called once, when their next working block starts, in their own zone.
@Suite struct FirstContactTests {
    private func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    private func hours(_ zone: String, holidays: Set<LocalDate> = []) -> WorkingHours {
        WorkingHours(
            days: Weekday.mondayToFriday, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
            timeZone: TimeZone(identifier: zone)!, holidays: holidays)
    }

    private let bob = ChatUserID("U0BOB")
    private let policy = ResponsePolicy(
        tiers: [ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 1)),
                ResponseTier(name: "oncall", respondWithin: PolicyDuration(seconds: 1800), counting: .calendar, callsOutsideHours: true)],
        defaultTierName: "standard", workingHours: .standardUTC)

    /// The first call planned for Bob, asked at `askedAt` in his `hours`.
    private func firstCall(askedAt: String, hours: WorkingHours, tier: String = "standard") -> Date? {
        let new = NewItem(
            kind: .ask, channel: ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1"), author: ChatUserID("U0ALICE"),
            request: "review", links: [], tierName: tier, createdAt: instant(askedAt),
            assignments: [Assignment(assignee: bob, dueAt: instant(askedAt).addingTimeInterval(86_400 * 3))])
        return FollowUpPlanner(policy: policy).planningFirstFollowUps(of: new, hours: [bob: hours], ownNudges: [:], after: instant(askedAt))
            .assignments[0].firstCallAt
    }

    @Test func insideTheirHoursTheCardCallsThem() {
        #expect(firstCall(askedAt: "2026-11-23T10:00:00Z", hours: hours("UTC")) == nil)
    }

    @Test func afterTheirDayTheyAreCalledWhenTheNextStartsInAHalfHourZone() {
        // 17:30 in Kolkata: called at 09:00 there the next morning.
        #expect(firstCall(askedAt: "2026-11-23T12:00:00Z", hours: hours("Asia/Kolkata")) == instant("2026-11-24T03:30:00Z"))
    }

    @Test func overADaylightSavingChangeTheCallIsAtNineTheirTime() {
        // Friday 18:00 in New York (EDT); the clocks go back on Sunday: Monday 09:00 EST is 14:00 UTC, not 13:00.
        #expect(firstCall(askedAt: "2026-10-30T22:00:00Z", hours: hours("America/New_York")) == instant("2026-11-02T14:00:00Z"))
    }

    @Test func aHolidayOrADayAwayIsSkipped() {
        let tuesday = LocalDate(year: 2026, month: 11, day: 24)!
        #expect(firstCall(askedAt: "2026-11-23T18:00:00Z", hours: hours("UTC", holidays: [tuesday])) == instant("2026-11-25T09:00:00Z"))
    }

    @Test func anOnCallTierCallsWhateverTheHour() {
        #expect(firstCall(askedAt: "2026-11-23T02:00:00Z", hours: hours("UTC"), tier: "oncall") == nil)
    }

    @Test func theCallComesFirstAndIsDroppedOnceTheySawTheAsk() {
        let asked = instant("2026-11-23T07:00:00Z")
        var item = Item(id: ItemID(1), status: .open, NewItem(
            kind: .ask, channel: ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1"), author: ChatUserID("U0ALICE"),
            request: "review", links: [], tierName: "standard", createdAt: asked,
            assignments: [Assignment(assignee: bob, dueAt: instant("2026-11-23T17:00:00Z"), firstCallAt: instant("2026-11-23T09:00:00Z"))]))
        let planner = FollowUpPlanner(policy: policy)
        #expect(planner.schedule(for: item, assignment: item.assignments[0], hours: hours("UTC"), ownNudges: nil).first?.name == "first-call")
        // The card names Bob, outside his hours, and Alice, who asked.
        #expect(MessageComposer.itemCard(item).namedOnly == [bob, ChatUserID("U0ALICE")])
        item.assignments[0].snoozedUntil = instant("2026-11-23T12:00:00Z")
        #expect(!planner.schedule(for: item, assignment: item.assignments[0], hours: hours("UTC"), ownNudges: nil).contains { $0.kind == .firstCall })
        item.assignments[0].snoozedUntil = nil
        item.assignments[0].acknowledgedAt = instant("2026-11-23T08:00:00Z")
        #expect(planner.schedule(for: item, assignment: item.assignments[0], hours: hours("UTC"), ownNudges: nil).isEmpty)
    }

    /// People who share hours are planned once for an ask; whoever differs in hours, nudge mode or deadline is planned
    /// in their own, as if asked alone.
    @Test func anAskToManyIsPlannedAsEachAskedAlone() {
        // Monday 10:00 UTC: 15:30 in Kolkata, 05:00 in New York.
        let asked = instant("2026-11-23T10:00:00Z")
        let people = (0..<8).map { ChatUserID("U\($0)") }
        let zones = ["UTC", "UTC", "Asia/Kolkata", "UTC", "America/New_York", "UTC", "Asia/Kolkata", "UTC"]
        let hoursOf = Dictionary(uniqueKeysWithValues: zip(people, zones.map { hours($0) }))
        let nudgesOf: [ChatUserID: NudgeMode] = [people[3]: .daily]
        func ask(_ assignees: [ChatUserID]) -> NewItem {
            NewItem(
                kind: .ask, channel: ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1"), author: ChatUserID("U0ALICE"),
                request: "review", links: [], tierName: "standard", createdAt: asked,
                assignments: assignees.map { person in
                    // The last one's deadline is a day later than the others'.
                    Assignment(assignee: person, dueAt: asked.addingTimeInterval(person == people[7] ? 86_400 * 4 : 86_400 * 3))
                })
        }
        let planner = FollowUpPlanner(policy: policy)
        let together = planner.planningFirstFollowUps(of: ask(people), hours: hoursOf, ownNudges: nudgesOf, after: asked).assignments
        let alone = people.map { planner.planningFirstFollowUps(of: ask([$0]), hours: hoursOf, ownNudges: nudgesOf, after: asked).assignments[0] }
        #expect(together == alone)
        // Overdue on Thursday; on Friday for the last; the daily nudge on Tuesday; a first call in New York's morning.
        #expect(Set(together.map(\.nextFollowUpAt)).count == 4)
    }
}
