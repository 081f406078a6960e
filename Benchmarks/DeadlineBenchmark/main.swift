// Deadline computations per second on one core: windows from 30 minutes to 10 working days, start instants
// spread over a year, in zones with DST, half-hour offsets and holidays.
//   swift run -c release deadline-benchmark [COUNT]
import Foundation
import UnhurriedCore

let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 1_000_000
let holidays: Set<LocalDate> = [LocalDate(year: 2026, month: 12, day: 24)!, LocalDate(year: 2026, month: 12, day: 25)!]
let zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney"]
let calendars = zones.map { zone in
    WorkingCalendar(hours: WorkingHours(
        days: Weekday.mondayToFriday, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
        timeZone: TimeZone(identifier: zone)!, holidays: holidays))
}
let windows: [Duration] = [.seconds(1800), .seconds(4 * 3600), .seconds(8 * 3600), .seconds(3 * 8 * 3600), .seconds(10 * 8 * 3600)]
let firstStart = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01

var checksum = 0.0
let clock = ContinuousClock()
let elapsed = clock.measure {
    for index in 0..<count {
        let calendar = calendars[index % calendars.count]
        let window = windows[(index / calendars.count) % windows.count]
        let start = firstStart.addingTimeInterval(Double(index % 525_600) * 60)
        checksum += calendar.adding(window, to: start).timeIntervalSince1970
    }
}
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(String(format: "%d deadline computations in %.2f s: %.0f per second on one core (checksum %.0f)",
             count, seconds, Double(count) / seconds, checksum.truncatingRemainder(dividingBy: 1e6)))
