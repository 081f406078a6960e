import Foundation
import Testing
import UnhurriedCore

/// Properties every deadline must have, checked over many pseudo-random starts, windows and zones (a fixed seed,
/// so a failure reproduces).
@Suite struct WorkingCalendarPropertyTests {
    /// A small deterministic generator (SplitMix64).
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let zones = ["UTC", "Europe/Berlin", "America/New_York", "America/St_Johns", "Asia/Kolkata", "Asia/Kathmandu",
                        "Australia/Sydney", "Pacific/Chatham", "America/Sao_Paulo"]

    private func localParts(_ date: Date, in zone: TimeZone) -> (weekday: Int, minutes: Int, date: LocalDate) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.weekday, .hour, .minute, .second, .year, .month, .day], from: date)
        return (parts.weekday!, parts.hour! * 60 + parts.minute!, LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!)
    }

    @Test(arguments: zones)
    func deadlinesFallInsideWorkingHoursAfterTheStartAndGrowWithTheWindow(zoneName: String) {
        checkDeadlines(schedule: WeeklySchedule(parsing: "mon-fri 08:30-16:45")!, zoneName: zoneName)
    }

    /// The same with a lunch break and a short Friday; in Sydney and Chatham the afternoon blocks begin on the
    /// next UTC day, and in Los Angeles the late block itself crosses midnight UTC.
    @Test(arguments: zones + ["America/Los_Angeles"])
    func splitAndPerDayHoursKeepTheSameProperties(zoneName: String) {
        checkDeadlines(schedule: WeeklySchedule(parsing: "mon-thu 08:30-12:00,13:00-14:30,15:00-19:45 fri 08:30-12:00")!, zoneName: zoneName)
    }

    private func checkDeadlines(schedule: WeeklySchedule, zoneName: String) {
        var random = SeededGenerator(state: UInt64(zoneName.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        let zone = TimeZone(identifier: zoneName)!
        let holidays: Set<LocalDate> = [LocalDate(year: 2026, month: 12, day: 24)!, LocalDate(year: 2026, month: 3, day: 30)!]
        let hours = WorkingHours(schedule: schedule, timeZone: zone, holidays: holidays)
        let calendar = WorkingCalendar(hours: hours)
        for _ in 0..<400 {
            let start = Date(timeIntervalSince1970: 1_767_225_600 + Double(random.next() % (366 * 86_400)))
            var previous = start
            let windows = [0, 60, 1800, 3600, 4 * 3600, 8 * 3600, 3 * 8 * 3600, 10 * 8 * 3600].map { $0 + Int(random.next() % 600) }
            for window in windows.sorted() {
                let due = calendar.adding(.seconds(window), to: start)
                #expect(due >= previous, "monotonic: \(window) s from \(start) in \(zoneName)")
                #expect(due >= start)
                let local = localParts(due, in: zone)
                let blocks = schedule.blocks(on: Weekday(rawValue: local.weekday)!)
                #expect(!blocks.isEmpty, "working day: \(due) in \(zoneName)")
                #expect(!holidays.contains(local.date), "not a holiday: \(due) in \(zoneName)")
                #expect(blocks.contains { ($0.from.minutesAfterMidnight...$0.to.minutesAfterMidnight).contains(local.minutes) },
                        "inside a block: \(due) in \(zoneName)")
                if window > 0 {
                    #expect(abs(calendar.workingTime(from: start, to: due).timeInterval - Double(window)) < 0.01,
                            "counts back to the window: \(window) s from \(start) in \(zoneName)")
                }
                // Counting back lands at the start, or at the start of the first block when the start lay outside one.
                let back = calendar.subtracting(.seconds(window), from: due)
                let again = calendar.adding(.seconds(window), to: back)
                #expect(back.timeIntervalSince(start) > -0.001 && abs(again.timeIntervalSince(due)) < 0.001,
                        "round trip: \(window) s from \(start) in \(zoneName): back \(back.timeIntervalSince(start)), again \(again.timeIntervalSince(due))")
                previous = due
            }
        }
    }

    @Test(arguments: [
        // zone, start (UTC), working hours to add, expected deadline (UTC) — each across a DST change
        ("Europe/Berlin", "2026-03-27T15:00:00Z", 2, "2026-03-30T08:00:00Z"),      // CET → CEST, Fri 16:00 → Mon 10:00
        ("Europe/London", "2026-10-23T15:00:00Z", 3, "2026-10-26T11:00:00Z"),      // BST → GMT, Fri 16:00 → Mon 11:00
        ("America/New_York", "2026-10-30T20:00:00Z", 2, "2026-11-02T15:00:00Z"),   // EDT → EST, Fri 16:00 → Mon 10:00
        ("America/Los_Angeles", "2026-03-06T23:00:00Z", 9, "2026-03-09T23:00:00Z"), // PST → PDT, Fri 15:00 → Mon 16:00
        ("America/St_Johns", "2026-03-06T19:00:00Z", 2, "2026-03-09T12:00:00Z"),   // NST → NDT (−3:30 → −2:30), Fri 15:30 → Mon 09:30
        ("Australia/Sydney", "2026-10-02T05:00:00Z", 3, "2026-10-04T23:00:00Z"),   // AEST → AEDT, Fri 15:00 → Mon 10:00
        ("Australia/Sydney", "2026-04-03T05:00:00Z", 2, "2026-04-06T00:00:00Z"),   // AEDT → AEST, Fri 16:00 → Mon 10:00
        ("Australia/Sydney", "2026-10-02T05:00:00Z", 2, "2026-10-02T07:00:00Z"),   // ends exactly at 17:00 Friday: stays
    ])
    func countsAcrossDSTWeeks(zone: String, start: String, workingHours: Int, expected: String) throws {
        let calendar = WorkingCalendar(hours: WorkingHours(
            days: Weekday.mondayToFriday, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
            timeZone: TimeZone(identifier: zone)!))
        let due = calendar.adding(.seconds(workingHours * 3600), to: try Date(start, strategy: .iso8601))
        #expect(due == (try Date(expected, strategy: .iso8601)))
    }

    /// Any instant, however far, is answered at once and without a trap: an instant from outside may be anything.
    @Test(arguments: zones)
    func farInstantsAreCountedInBoundedTime(zoneName: String) throws {
        let calendar = WorkingCalendar(hours: WorkingHours(
            days: Weekday.mondayToFriday, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
            timeZone: try #require(TimeZone(identifier: zoneName))))
        let now = Date(timeIntervalSince1970: 1_795_420_800)
        let fiftyYears = 50 * 366 * 86_400.0
        for far in [now.addingTimeInterval(fiftyYears), now.addingTimeInterval(-fiftyYears), Date(timeIntervalSince1970: 9.2e18), .distantFuture] {
            let counted = calendar.workingTime(from: min(now, far), to: max(now, far))
            #expect(counted > .zero)
            #expect(counted <= .seconds(21 * 366 * 8 * 3600))
            #expect(calendar.adding(.seconds(3600), to: far) >= far)
        }
    }
}
