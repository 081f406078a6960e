import Foundation
import Testing
import UnhurriedCore

@Suite struct ResponsePlanTests {
    private func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    private let berlin = WorkingHours(
        days: Weekday.mondayToFriday, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
        timeZone: TimeZone(identifier: "Europe/Berlin")!)

    @Test func plansRemindersAndEscalationInWorkingTime() {
        let tier = ResponseTier(
            name: "standard", respondWithin: PolicyDuration(days: 1), remindAt: [.shareOfWindow(0.5), .beforeDeadline(PolicyDuration(seconds: 3600))],
            escalateAfter: PolicyDuration(seconds: 4 * 3600))
        let policy = ResponsePolicy(tiers: [tier], defaultTierName: "standard", workingHours: berlin)
        // Friday 16:30 Berlin (15:30Z): half a working day later is Monday 12:30, due Monday 16:30, escalation four working hours later on Tuesday 12:30.
        let plan = policy.plan(for: tier, createdAt: instant("2026-11-20T15:30:00Z"))
        #expect(plan.due == instant("2026-11-23T15:30:00Z"))
        #expect(plan.reminders == [instant("2026-11-23T11:30:00Z"), instant("2026-11-23T14:30:00Z")])
        #expect(plan.escalation == instant("2026-11-24T11:30:00Z"))
    }

    @Test func calendarTiersIgnoreWorkingHours() {
        let tier = ResponseTier(name: "oncall", respondWithin: PolicyDuration(seconds: 1800), counting: .calendar,
                                remindAt: [.beforeDeadline(PolicyDuration(seconds: 600))], escalateAfter: PolicyDuration(seconds: 900))
        let policy = ResponsePolicy(tiers: [tier], defaultTierName: "oncall", workingHours: berlin)
        let plan = policy.plan(for: tier, createdAt: instant("2026-11-22T03:00:00Z"))  // Sunday night
        #expect(plan.due == instant("2026-11-22T03:30:00Z"))
        #expect(plan.reminders == [instant("2026-11-22T03:20:00Z")])
        #expect(plan.escalation == instant("2026-11-22T03:45:00Z"))
    }

    @Test func dropsRemindersOutsideTheWindowAndDuplicates() {
        let tier = ResponseTier(name: "quick", respondWithin: PolicyDuration(seconds: 1800),
                                remindAt: [.beforeDeadline(PolicyDuration(seconds: 3600)), .shareOfWindow(0.5), .beforeDeadline(PolicyDuration(seconds: 900))])
        let policy = ResponsePolicy(tiers: [tier], defaultTierName: "quick", workingHours: berlin)
        let plan = policy.plan(for: tier, createdAt: instant("2026-11-23T10:00:00Z"))
        #expect(plan.reminders == [instant("2026-11-23T10:15:00Z")])
        #expect(plan.escalation == nil)
    }
}
