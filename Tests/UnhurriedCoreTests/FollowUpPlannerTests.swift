import Foundation
import Testing
import UnhurriedCore

/// When follow-ups go out: in the assignee's working hours and zone, around holidays, time away and snoozes.
@Suite struct FollowUpPlannerTests {
    private func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    private func hours(_ zone: String, from: Int = 9, to: Int = 17, holidays: Set<LocalDate> = []) -> WorkingHours {
        WorkingHours(
            days: Weekday.mondayToFriday, from: TimeOfDay(hour: from, minute: 0)!, to: TimeOfDay(hour: to, minute: 0)!,
            timeZone: TimeZone(identifier: zone)!, holidays: holidays)
    }

    private let bob = ChatUserID("U0BOB")

    private func item(tier: String = "standard", createdAt: String, due: String, snoozedUntil: String? = nil) -> Item {
        Item(id: ItemID(1), status: .open, NewItem(
            kind: .ask, channel: ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1"), author: ChatUserID("U0ALICE"),
            request: "review", links: [], tierName: tier, createdAt: instant(createdAt),
            assignments: [Assignment(assignee: bob, dueAt: instant(due), snoozedUntil: snoozedUntil.map(instant))]))
    }

    private func schedule(_ policy: ResponsePolicy, _ item: Item, _ hours: WorkingHours) -> [String] {
        FollowUpPlanner(policy: policy).schedule(for: item, assignment: item.assignments[0], hours: hours, ownNudges: nil)
            .map { "\($0.name) \($0.at.formatted(.iso8601))" }
    }

    private func policy(_ tier: ResponseTier) -> ResponsePolicy {
        ResponsePolicy(tiers: [tier], defaultTierName: tier.name, workingHours: .standardUTC)
    }

    @Test func followUpsAtTheEndOfADayWaitForTheNextBlockInAHalfHourZone() {
        let tier = ResponseTier(
            name: "standard", respondWithin: PolicyDuration(seconds: 3600),
            remindAt: [.beforeDeadline(PolicyDuration(seconds: 1800))], escalateAfter: PolicyDuration(seconds: 3600))
        // Asked at 16:00 in Kolkata (+05:30): due 17:00, the end of the day.
        let ask = item(createdAt: "2026-11-23T10:30:00Z", due: "2026-11-23T11:30:00Z")
        #expect(schedule(policy(tier), ask, hours("Asia/Kolkata")) == [
            "reminder-1 2026-11-23T11:00:00Z",  // 16:30, inside the day
            "overdue 2026-11-24T03:30:00Z",     // 17:00 closes the day: Tue 09:00
            "escalation 2026-11-24T04:30:00Z",  // an hour of working time after the deadline
        ])
        // Half of two working days ends the first day at 17:00: the reminder opens the second.
        let twoDays = ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 2), remindAt: [.shareOfWindow(0.5)])
        let long = item(createdAt: "2026-11-23T09:00:00Z", due: "2026-11-24T17:00:00Z")
        #expect(schedule(policy(twoDays), long, hours("UTC")) == [
            "reminder-1 2026-11-24T09:00:00Z", "overdue 2026-11-25T09:00:00Z",
        ])
    }

    @Test func calendarTiersGoOutAtOnceButNotOnADayAway() {
        let tier = ResponseTier(
            name: "oncall", respondWithin: PolicyDuration(seconds: 1800), counting: .calendar,
            remindAt: [.beforeDeadline(PolicyDuration(seconds: 600))])
        let saturdayNight = item(tier: "oncall", createdAt: "2026-11-28T23:00:00Z", due: "2026-11-28T23:30:00Z")
        #expect(schedule(policy(tier), saturdayNight, hours("UTC")) == [
            "reminder-1 2026-11-28T23:20:00Z", "overdue 2026-11-28T23:30:00Z",
        ])
        let away = hours("UTC", holidays: [LocalDate(year: 2026, month: 11, day: 28)!])
        #expect(schedule(policy(tier), saturdayNight, away) == [
            "reminder-1 2026-11-30T09:00:00Z", "overdue 2026-11-30T09:00:00Z",
        ])
    }

    @Test func timeAwayHoldsFollowUpsUntilTheReturnInADSTWeek() {
        // New York leaves DST on Sun 2026-11-01; Bob is away Mon–Tue, back Wed at 09:00 EST = 14:00Z.
        let tier = ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 1), remindAt: [.shareOfWindow(0.5)])
        let newYork = hours("America/New_York", holidays: [LocalDate(year: 2026, month: 11, day: 2)!, LocalDate(year: 2026, month: 11, day: 3)!])
        let ask = item(createdAt: "2026-10-30T13:00:00Z", due: "2026-11-02T13:00:00Z")  // Fri 09:00 EDT
        #expect(schedule(policy(tier), ask, newYork) == [
            "reminder-1 2026-10-30T17:00:00Z",  // Fri 13:00 EDT, still summer time
            "overdue 2026-11-04T14:00:00Z",     // the deadline fell in his time away: Wed 09:00 EST
        ])
    }

    @Test func aSnoozeMovesRemindersAndTheNoticeButNotTheEscalation() {
        let tier = ResponseTier(
            name: "standard", respondWithin: PolicyDuration(days: 1), remindAt: [.shareOfWindow(0.5)],
            escalateAfter: PolicyDuration(seconds: 3600))
        let ask = item(createdAt: "2026-11-23T09:00:00Z", due: "2026-11-23T17:00:00Z", snoozedUntil: "2026-11-24T12:00:00Z")
        #expect(schedule(policy(tier), ask, hours("UTC")) == [
            "escalation 2026-11-24T10:00:00Z", "reminder-1 2026-11-24T12:00:00Z", "overdue 2026-11-24T12:00:00Z",
        ])
    }

    @Test func stepsSendOnlyTheLatestWordToTheAssigneeAfterAGap() {
        let tier = ResponseTier(
            name: "standard", respondWithin: PolicyDuration(days: 1), remindAt: [.shareOfWindow(0.25), .shareOfWindow(0.5)],
            escalateAfter: PolicyDuration(seconds: 3600))
        let ask = item(createdAt: "2026-11-23T09:00:00Z", due: "2026-11-23T17:00:00Z")
        let planner = FollowUpPlanner(policy: policy(tier))
        // Down from 10:00 until Tue 12:00: both reminders, the notice and the escalation came due meanwhile.
        let step = planner.step(
            for: ask, assignment: ask.assignments[0], hours: hours("UTC"), ownNudges: nil, handledThrough: instant("2026-11-23T10:00:00Z"),
            now: instant("2026-11-24T12:00:00Z"))
        #expect(step.due.map(\.name) == ["overdue", "escalation"])
        #expect(step.nextAt == nil)
        let early = planner.step(
            for: ask, assignment: ask.assignments[0], hours: hours("UTC"), ownNudges: nil, handledThrough: ask.createdAt, now: instant("2026-11-23T11:00:00Z"))
        #expect(early.due.map(\.name) == ["reminder-1"])
        #expect(early.nextAt == instant("2026-11-23T13:00:00Z"))
    }

    @Test func answeredOrClosedAssignmentsAreOwedNothing() {
        let tier = ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 1), remindAt: [.shareOfWindow(0.5)])
        var ask = item(createdAt: "2026-11-23T09:00:00Z", due: "2026-11-23T17:00:00Z")
        ask.assignments[0].acknowledgedAt = instant("2026-11-23T09:30:00Z")
        #expect(schedule(policy(tier), ask, hours("UTC")).isEmpty)
        ask.assignments[0].acknowledgedAt = nil
        ask.status = .cancelled
        #expect(schedule(policy(tier), ask, hours("UTC")).isEmpty)
    }

    @Test func pacesAChannelAfterAShortBurst() {
        var pacer = ChannelPacer(burst: 3, perSecond: 1)
        let channel = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")
        let other = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C2")
        let start = instant("2026-11-23T09:00:00Z")
        let slots = (0..<6).map { _ in pacer.reserve(channel, now: start).timeIntervalSince(start) }
        #expect(slots == [0, 0, 0, 1, 2, 3])
        #expect(pacer.reserve(other, now: start) == start)
        // After a quiet spell the burst is available again.
        #expect(pacer.reserve(channel, now: start.addingTimeInterval(60)) == start.addingTimeInterval(60))
    }
}
