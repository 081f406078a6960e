import Foundation
import Testing
@testable import UnhurriedCore

/// How open deadlines move when their assignee's working time shrinks: by exactly the working time lost, in their own
/// zone, never earlier, and never for what was already missed.
@Suite struct DeadlineShiftTests {
    private let bob = ChatUserID("U0BOB")
    private let dan = ChatUserID("U0DAN")
    private let policy = ResponsePolicy(
        tiers: [
            ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 1), remindAt: [.shareOfWindow(0.5)]),
            ResponseTier(name: "oncall", respondWithin: PolicyDuration(seconds: 2 * 3600), counting: .calendar),
        ],
        defaultTierName: "standard", workingHours: .standardUTC)

    private func instant(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    private func hours(_ zone: String, away: [String] = []) -> WorkingHours {
        var hours = WorkingHours(days: Weekday.mondayToFriday, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
                                 timeZone: TimeZone(identifier: zone)!)
        hours.holidays = Set(away.map { LocalDate(parsing: $0)! })
        return hours
    }

    private func ask(due: [ChatUserID: String], tier: String = "standard", createdAt: String = "2026-10-01T00:00:00Z") -> Item {
        Item(id: ItemID(1), status: .open, NewItem(
            kind: .ask, channel: ChatChannel(platform: "slack", workspaceID: "T0TEAM", channelID: "C0GENERAL"), author: ChatUserID("U0ALICE"),
            request: "review the plan", links: [], tierName: tier, createdAt: instant(createdAt),
            assignments: due.sorted { $0.key.rawValue < $1.key.rawValue }.map { Assignment(assignee: $0.key, dueAt: instant($0.value)) }))
    }

    private func moving(_ item: Item, before: WorkingHours, after: WorkingHours, now: String) -> [(item: Item, moved: MovedDeadline)] {
        DeadlineShift(policy: policy).moving([item], of: bob, before: { _ in before }, after: { _ in after }, ownNudges: nil, now: instant(now))
    }

    @Test func movesByTheWorkingDayLostAcrossTheEuropeanDSTChange() throws {
        // Due Friday 2026-10-23 17:00 CEST (15:00Z); on Thursday evening Bob says he is away that Friday. The working
        // day he had left comes on Monday, after Berlin left summer time: 17:00 CET is 16:00Z.
        let item = ask(due: [bob: "2026-10-23T15:00:00Z"])
        let moves = moving(item, before: hours("Europe/Berlin"), after: hours("Europe/Berlin", away: ["2026-10-23"]), now: "2026-10-22T15:00:00Z")
        let moved = try #require(moves.first?.moved)
        #expect(moved.from == instant("2026-10-23T15:00:00Z"))
        #expect(moved.to == instant("2026-10-26T16:00:00Z"))
        #expect(moves.first?.item.assignment(of: bob)?.dueAt == moved.to)
    }

    @Test func aStandInZoneMayGiveWayToAnEarlierDeadlineOnlyWhenSaidSo() throws {
        // Counted in UTC while Bob's zone was unknown: Monday 08:00Z, due 17:00Z. In Berlin his day started at 08:00Z
        // (09:00 CET), so his eight hours end at 16:00Z: a correction brings it an hour earlier; time off never would.
        let item = ask(due: [bob: "2026-11-23T17:00:00Z"], createdAt: "2026-11-23T08:00:00Z")
        #expect(moving(item, before: hours("UTC"), after: hours("Europe/Berlin"), now: "2026-11-23T08:00:00Z").isEmpty)
        let corrected = DeadlineShift(policy: policy).moving(
            [item], of: bob, before: { _ in hours("UTC") }, after: { _ in hours("Europe/Berlin") }, ownNudges: nil,
            now: instant("2026-11-23T08:00:00Z"), earlierToo: true)
        #expect(corrected.map(\.moved.to) == [instant("2026-11-23T16:00:00Z")])
    }

    @Test func movesByTheWorkingDayLostInAHalfHourZone() throws {
        // Kolkata is UTC+05:30. Monday 10:00 IST, due Tuesday 17:00 IST (11:30Z): 15 working hours left. Away on
        // Tuesday, they run from Monday to Wednesday 17:00 IST.
        let item = ask(due: [bob: "2026-11-24T11:30:00Z"])
        let moves = moving(item, before: hours("Asia/Kolkata"), after: hours("Asia/Kolkata", away: ["2026-11-24"]), now: "2026-11-23T04:30:00Z")
        #expect(moves.map(\.moved.to) == [instant("2026-11-25T11:30:00Z")])
    }

    @Test func replansTheNextFollowUpAndTheFirstCallOffTheDaysAway() throws {
        // Asked Monday 08:00Z, before Bob's day: called at 09:00, due 17:00, reminded half-way. Away Monday and Tuesday.
        var item = ask(due: [bob: "2026-11-23T17:00:00Z"], createdAt: "2026-11-23T08:00:00Z")
        item.assignments[0].firstCallAt = instant("2026-11-23T09:00:00Z")
        item.assignments[0].nextFollowUpAt = instant("2026-11-23T09:00:00Z")
        let moves = moving(item, before: hours("UTC"), after: hours("UTC", away: ["2026-11-23", "2026-11-24"]), now: "2026-11-23T08:00:00Z")
        let assignment = try #require(moves.first?.item.assignment(of: bob))
        #expect(assignment.dueAt == instant("2026-11-25T17:00:00Z"))
        #expect(assignment.firstCallAt == instant("2026-11-25T09:00:00Z"))
        #expect(assignment.nextFollowUpAt == instant("2026-11-25T09:00:00Z"))
        let schedule = FollowUpPlanner(policy: policy).schedule(
            for: moves[0].item, assignment: assignment, hours: hours("UTC", away: ["2026-11-23", "2026-11-24"]), ownNudges: nil)
        #expect(schedule.map(\.at) == [instant("2026-11-25T09:00:00Z"), instant("2026-11-25T13:00:00Z"), instant("2026-11-26T09:00:00Z")])
    }

    /// What a user expects: a deadline that already passed was missed before anyone knew of the time away, and its
    /// overdue notice may be out; moving it now would hide the miss.
    @Test func leavesADeadlineAlreadyPassedAlone() {
        let item = ask(due: [bob: "2026-11-23T17:00:00Z"])
        #expect(moving(item, before: hours("UTC"), after: hours("UTC", away: ["2026-11-24"]), now: "2026-11-24T08:00:00Z").isEmpty)
        #expect(moving(item, before: hours("UTC"), after: hours("UTC", away: ["2026-11-24"]), now: "2026-11-23T17:00:00Z").isEmpty)
    }

    @Test func leavesDeadlinesBeforeTheTimeAwayAndOnCallAsksAlone() {
        // Away after the deadline: no working time before it is lost.
        let early = ask(due: [bob: "2026-11-23T17:00:00Z"])
        #expect(moving(early, before: hours("UTC"), after: hours("UTC", away: ["2026-11-24"]), now: "2026-11-23T10:00:00Z").isEmpty)
        // An on-call tier counts calendar time: its ask should escalate while the person is away, not wait for them.
        let onCall = ask(due: [bob: "2026-11-24T12:00:00Z"], tier: "oncall")
        #expect(moving(onCall, before: hours("UTC"), after: hours("UTC", away: ["2026-11-24"]), now: "2026-11-24T10:00:00Z").isEmpty)
    }

    @Test func neverMovesADeadlineEarlier() {
        // Clearing time away gives working time back; the deadline people were told stays.
        let item = ask(due: [bob: "2026-11-25T17:00:00Z"])
        #expect(moving(item, before: hours("UTC", away: ["2026-11-24"]), after: hours("UTC"), now: "2026-11-23T17:00:00Z").isEmpty)
    }

    @Test func movesOnlyThePersonsOwnPartOfAnAskToSeveral() throws {
        let item = ask(due: [bob: "2026-11-24T17:00:00Z", dan: "2026-11-24T17:00:00Z"])
        let moves = moving(item, before: hours("UTC"), after: hours("UTC", away: ["2026-11-24"]), now: "2026-11-23T17:00:00Z")
        let moved = try #require(moves.first?.item)
        #expect(moved.assignment(of: bob)?.dueAt == instant("2026-11-25T17:00:00Z"))
        #expect(moved.assignment(of: dan)?.dueAt == instant("2026-11-24T17:00:00Z"))
    }

    @Test func aReloadThatChangesNoOnesWorkingTimeIsNoticedWithoutReading() {
        var renamed = policy
        renamed.tiers[0].means = "most asks"
        #expect(DeadlineMover.sameWorkingTime(policy, renamed))
        var holiday = policy
        holiday.workingHours.holidays.insert(LocalDate(parsing: "2026-12-24")!)
        #expect(!DeadlineMover.sameWorkingTime(policy, holiday))
    }
}
