import Foundation
import Testing
import UnhurriedCore

@Suite struct WorkingCalendarTests {
    private func instant(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    private func hours(_ zone: String, days: Set<Weekday> = Weekday.mondayToFriday) -> WorkingHours {
        WorkingHours(days: days, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
                     timeZone: TimeZone(identifier: zone)!)
    }

    @Test(arguments: [
        // start, working hours, expected deadline (UTC, Mon-Fri 09-17)
        ("2026-11-23T10:00:00Z", 8, "2026-11-24T10:00:00Z"),  // Monday mid-morning: same time next day
        ("2026-11-27T16:00:00Z", 8, "2026-11-30T16:00:00Z"),  // Friday afternoon: over the weekend
        ("2026-11-21T12:00:00Z", 8, "2026-11-23T17:00:00Z"),  // Saturday: starts Monday 09:00, ends at 17:00 sharp
        ("2026-11-23T07:00:00Z", 4, "2026-11-23T13:00:00Z"),  // before hours: starts at 09:00
        ("2026-11-23T18:00:00Z", 1, "2026-11-24T10:00:00Z"),  // after hours: starts next morning
        ("2026-11-23T09:00:00Z", 8, "2026-11-23T17:00:00Z"),  // lands exactly on the end of a block: stays there
        ("2026-11-23T10:00:00Z", 24, "2026-11-26T10:00:00Z"), // three working days
    ])
    func countsOnlyWorkingHours(start: String, workingHours: Int, expected: String) {
        let calendar = WorkingCalendar(hours: hours("UTC"))
        #expect(calendar.adding(.seconds(workingHours * 3600), to: instant(start)) == instant(expected))
    }

    @Test func followsWallClockHoursAcrossTheEuropeanDSTChange() {
        // Berlin leaves summer time on Sunday 2026-10-25: Friday 16:00 CEST is 14:00Z, Monday 10:00 CET is 09:00Z.
        let calendar = WorkingCalendar(hours: hours("Europe/Berlin"))
        #expect(calendar.adding(.seconds(2 * 3600), to: instant("2026-10-23T14:00:00Z")) == instant("2026-10-26T09:00:00Z"))
    }

    @Test func handlesHalfHourZones() {
        // Kolkata is UTC+05:30: 09:00 local is 03:30Z.
        let calendar = WorkingCalendar(hours: hours("Asia/Kolkata"))
        #expect(calendar.adding(.seconds(3600), to: instant("2026-11-23T00:00:00Z")) == instant("2026-11-23T04:30:00Z"))
    }

    @Test func aDeadlineIsNeverBeforeItsStartAndGrowsWithTheWindow() {
        let calendar = WorkingCalendar(hours: hours("America/New_York"))
        var start = instant("2026-03-05T00:00:00Z")
        for step in 0..<200 {
            start = start.addingTimeInterval(Double(step) * 3917)
            var previous = start
            for window in [0, 1800, 3600, 8 * 3600, 30 * 3600] {
                let due = calendar.adding(.seconds(window), to: start)
                #expect(due >= previous)
                previous = due
            }
        }
    }
}
