import Foundation
import Testing
import UnhurriedCore

/// Focus time is working time nobody interrupts: deadlines count it, but no reminder, overdue notice, first call,
/// pre-read reminder or standup prompt lands in it; each waits for its end.
@Suite struct FocusTimeTests {
    private func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    private let bob = ChatUserID("U0BOB")

    /// Mon–Fri 09:00–17:00 in `zone`, with `focus`.
    private func hours(_ zone: String = "Europe/Berlin", focus: String = "mon-fri 09:00-11:00", week: String = "mon-fri 09:00-17:00") -> WorkingHours {
        WorkingHours(schedule: WeeklySchedule(parsing: week)!, focus: WeeklySchedule(parsing: focus)!, timeZone: TimeZone(identifier: zone)!)
    }

    @Test(arguments: [
        // Berlin is UTC+1 in November. From, next instant Bob may be called.
        ("2026-11-23T08:30:00Z", "2026-11-23T10:00:00Z"),  // 09:30, in focus: at 11:00 local
        ("2026-11-23T07:00:00Z", "2026-11-23T10:00:00Z"),  // 08:00, before the day: the day starts in focus
        ("2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z"),  // 11:00, focus just ended
        ("2026-11-23T13:00:00Z", "2026-11-23T13:00:00Z"),  // 14:00, an ordinary hour
        ("2026-11-27T17:00:00Z", "2026-11-30T10:00:00Z"),  // Friday evening: Monday after focus
    ])
    func callsWaitForTheEndOfFocus(from: String, expected: String) {
        #expect(WorkingCalendar(hours: hours()).nextReachableInstant(atOrAfter: instant(from)) == instant(expected))
    }

    @Test func focusThatEndsTheDayOrFollowsABreakMovesOnToTheNextWorkingTime() {
        let lateFocus = WorkingCalendar(hours: hours("UTC", focus: "mon-fri 15:00-17:00"))
        #expect(lateFocus.nextReachableInstant(atOrAfter: instant("2026-11-23T16:00:00Z")) == instant("2026-11-24T09:00:00Z"))
        // Back from lunch at 13:00 straight into an hour of focus.
        let afterLunch = WorkingCalendar(hours: hours("UTC", focus: "mon-sun 13:00-14:00", week: "mon-fri 09:00-12:00,13:00-17:00"))
        #expect(afterLunch.nextReachableInstant(atOrAfter: instant("2026-11-23T12:15:00Z")) == instant("2026-11-23T14:00:00Z"))
    }

    @Test func focusOverTheWholeDayIsNotHonouredSoACallStillComes() {
        let allFocus = WorkingCalendar(hours: hours("UTC", focus: "mon-sun 00:00-24:00"))
        #expect(allFocus.nextReachableInstant(atOrAfter: instant("2026-11-23T07:00:00Z")) == instant("2026-11-23T09:00:00Z"))
    }

    @Test func deadlinesStillCountFocusTime() {
        let withFocus = WorkingCalendar(hours: hours())
        let without = WorkingCalendar(hours: hours(focus: "none"))
        let asked = instant("2026-11-23T07:00:00Z")
        #expect(withFocus.adding(.seconds(4 * 3600), to: asked) == without.adding(.seconds(4 * 3600), to: asked))
        #expect(withFocus.adding(.seconds(4 * 3600), to: asked) == instant("2026-11-23T12:00:00Z"))
    }

    @Test func aHalfHourZoneOverTheDSTWeekendKeepsFocusLocal() {
        // Kolkata (+05:30) has no DST; New York leaves EDT on Sunday 2026-11-01: Monday 11:00 EST is 16:00Z.
        let kolkata = WorkingCalendar(hours: hours("Asia/Kolkata"))
        #expect(kolkata.nextReachableInstant(atOrAfter: instant("2026-11-23T04:00:00Z")) == instant("2026-11-23T05:30:00Z"))
        let newYork = WorkingCalendar(hours: hours("America/New_York"))
        #expect(newYork.nextReachableInstant(atOrAfter: instant("2026-10-30T22:00:00Z")) == instant("2026-11-02T16:00:00Z"))
    }

    private let policy = ResponsePolicy(
        tiers: [ResponseTier(
            name: "standard", respondWithin: PolicyDuration(days: 1), remindAt: [.beforeDeadline(PolicyDuration(seconds: 3600))])],
        defaultTierName: "standard", workingHours: .standardUTC)

    @Test func remindersOverdueNoticesAndTheFirstCallWaitForFocusToEnd() {
        // Asked Sunday evening: the card names Bob, who is first called after Monday's focus, at 11:00 Berlin.
        let asked = instant("2026-11-22T18:00:00Z")
        let due = instant("2026-11-24T09:30:00Z")  // Tuesday 10:30 Berlin, in focus
        let new = NewItem(
            kind: .ask, channel: ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1"), author: ChatUserID("U0ALICE"),
            request: "review", links: [], tierName: "standard", createdAt: asked, assignments: [Assignment(assignee: bob, dueAt: due)])
        let planner = FollowUpPlanner(policy: policy)
        let planned = planner.planningFirstFollowUps(of: new, hours: [bob: hours()], ownNudges: [:], after: asked)
        #expect(planned.assignments[0].firstCallAt == instant("2026-11-23T10:00:00Z"))
        let item = Item(id: ItemID(1), status: .open, planned)
        let schedule = planner.schedule(for: item, assignment: item.assignments[0], hours: hours(), ownNudges: nil)
            .map { "\($0.name) \($0.at.formatted(.iso8601))" }
        // The reminder an hour before 10:30 would be 09:30, in focus; the overdue notice at 10:30 too: both at 11:00.
        #expect(schedule == ["first-call 2026-11-23T10:00:00Z", "reminder-1 2026-11-24T10:00:00Z", "overdue 2026-11-24T10:00:00Z"])
    }

    @Test func aStandupPromptInFocusWaitsForItsEnd() throws {
        let standup = Standup(
            channel: ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1"), people: [bob],
            promptAt: TimeOfDay(hour: 9, minute: 30)!, digestAt: TimeOfDay(hour: 16, minute: 0)!, digestTimeZone: TimeZone(identifier: "Europe/Berlin")!)
        let planner = StandupPlanner(standup: standup, teamHours: .standardUTC)
        let round = try #require(planner.round(after: instant("2026-11-23T06:00:00Z")))
        #expect(planner.prompt(in: round, hours: hours()) == instant("2026-11-23T10:00:00Z"))
        #expect(planner.prompt(in: round, hours: hours(focus: "none")) == instant("2026-11-23T08:30:00Z"))
    }

    @Test func aPrereadReminderComesAfterFocusWhenThatIsStillBeforeTheMeeting() {
        // A meeting Tuesday 14:00 Berlin, reminder 4 working hours before: 10:00, in focus, so at 11:00.
        let meeting = Meeting(title: "Planning", startsAt: instant("2026-11-24T13:00:00Z"), postAt: instant("2026-11-23T13:00:00Z"))
        #expect(PrereadPlanner.reminder(for: meeting, lead: PolicyDuration(seconds: 4 * 3600), readerHours: hours())
            == instant("2026-11-24T10:00:00Z"))
        // A meeting at 10:30, in focus: the reminder cannot wait past it, so it keeps its time.
        let early = Meeting(title: "Planning", startsAt: instant("2026-11-24T09:30:00Z"), postAt: instant("2026-11-23T13:00:00Z"))
        #expect(PrereadPlanner.reminder(for: early, lead: PolicyDuration(seconds: 3600), readerHours: hours())
            == instant("2026-11-24T08:30:00Z"))
    }
}
