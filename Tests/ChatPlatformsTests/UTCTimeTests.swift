import ChatPlatformKit
import Foundation
import Testing

/// The hand-counted UTC time reads as Foundation's Gregorian calendar would have it.
@Suite struct UTCTimeTests {
    private func calendarText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
    }

    @Test func readsAsTheCalendarDoes() {
        var generator = SystemRandomNumberGenerator()
        let edges: [TimeInterval] = [
            0, 59.999, 60, -0.5, -60, -86_400, -86_401,
            951_782_400, 951_868_799, 951_868_800,  // 2000-02-29, a leap day of a year divisible by 400
            4_107_542_399, 4_107_542_400,  // 2100-02-28 23:59:59 and 2100-03-01, no leap day
            1_798_761_599.9, 1_798_761_600,  // the turn of 2027
            253_402_300_799, 253_402_300_800,  // the last minute of a four-digit year, and the first of five
        ]
        let random = (0..<5_000).map { _ in TimeInterval(Double.random(in: 0..<7_258_118_400, using: &generator)) }
        for seconds in edges + random {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(UTCTime.text(date) == calendarText(date), "at \(seconds)")
        }
    }

    /// Just before a minute, where counting from 1970 rather than 2001 would round up into it.
    @Test func anInstantJustBeforeAMinuteStaysInIt() {
        for date in [Date(timeIntervalSinceReferenceDate: -1e-9), Date(timeIntervalSinceReferenceDate: 811_578_059.999_999_9)] {
            #expect(UTCTime.text(date) == calendarText(date))
        }
    }

    @Test func aKnownInstant() {
        #expect(UTCTime.text(Date(timeIntervalSince1970: 1_795_885_200)) == "2026-11-28 17:00 UTC")
    }
}
