import Foundation
import Testing
@testable import UnhurriedCore

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

@Suite struct WorkingCalendarEdgeTests {
    private func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    private func hours(_ zone: String, holidays: Set<LocalDate> = []) -> WorkingHours {
        WorkingHours(days: Weekday.mondayToFriday, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
                     timeZone: TimeZone(identifier: zone)!, holidays: holidays)
    }

    @Test func skipsHolidaysInThePersonsZone() {
        // Thursday 24 and Friday 25 December are holidays: Wednesday 16:00 + 2h lands on Monday 10:00.
        let holidays: Set<LocalDate> = [LocalDate(year: 2026, month: 12, day: 24)!, LocalDate(year: 2026, month: 12, day: 25)!]
        let calendar = WorkingCalendar(hours: hours("UTC", holidays: holidays))
        #expect(calendar.adding(.seconds(7200), to: instant("2026-12-23T16:00:00Z")) == instant("2026-12-28T10:00:00Z"))
    }

    @Test func followsTheUSDSTChange() {
        // New York springs forward on Sunday 2026-03-08: Friday 16:00 EST is 21:00Z, Monday 10:00 EDT is 14:00Z.
        let calendar = WorkingCalendar(hours: hours("America/New_York"))
        #expect(calendar.adding(.seconds(7200), to: instant("2026-03-06T21:00:00Z")) == instant("2026-03-09T14:00:00Z"))
    }

    @Test func handlesFortyFiveMinuteAndSouthernHemisphereZones() {
        // Kathmandu is UTC+05:45; Sydney is on summer time (UTC+11) in November.
        #expect(WorkingCalendar(hours: hours("Asia/Kathmandu")).adding(.seconds(60), to: instant("2026-11-23T00:00:00Z"))
            == instant("2026-11-23T03:16:00Z"))
        #expect(WorkingCalendar(hours: hours("Australia/Sydney")).adding(.seconds(3600), to: instant("2026-11-22T12:00:00Z"))
            == instant("2026-11-22T23:00:00Z"))
    }

    @Test func subtractsAsTheMirrorOfAdding() {
        let calendar = WorkingCalendar(hours: hours("Europe/Berlin"))
        let start = instant("2026-10-21T11:17:00Z")
        for window in [1800, 3600, 8 * 3600, 20 * 3600, 40 * 3600] {
            let due = calendar.adding(.seconds(window), to: start)
            #expect(calendar.subtracting(.seconds(window), from: due) == start)
        }
        // A full working day before 17:00 is 09:00 the same day, not 17:00 the day before.
        #expect(calendar.subtracting(.seconds(8 * 3600), from: instant("2026-11-24T16:00:00Z")) == instant("2026-11-24T08:00:00Z"))
    }

    @Test func convertsDayNumbersToDates() {
        #expect(LocalDate(daysSince1970: 0) == LocalDate(year: 1970, month: 1, day: 1))
        #expect(LocalDate(daysSince1970: 20_779) == LocalDate(year: 2026, month: 11, day: 22))
        #expect(LocalDate(daysSince1970: -1) == LocalDate(year: 1969, month: 12, day: 31))
        #expect(LocalDate(daysSince1970: 11_016) == LocalDate(year: 2000, month: 2, day: 29))
    }
}
