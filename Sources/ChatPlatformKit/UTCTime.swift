import Foundation
import UnhurriedCore

/// `2026-11-27 17:00 UTC`: how an instant reads on a platform that cannot show it in each reader's own zone.
///
/// Every card shows one, so it is counted out by hand: through `Calendar` and `String(format:)` it cost about 80,000
/// instructions, a twentieth of a whole ask.
public enum UTCTime {
    public static func text(_ date: Date) -> String {
        // Floored where `Date` keeps its value (seconds since 2001), as Foundation's calendar does: adding the offset to
        // 1970 first could round an instant just before a minute up into it.
        let seconds = Int(date.timeIntervalSinceReferenceDate.rounded(.down)) + 978_307_200
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let minuteOfDay = (seconds - days * 86_400) / 60
        let day = LocalDate(daysSince1970: days)
        guard (0...9999).contains(day.year) else {
            return "\(padded(day.year, 4))-\(padded(day.month, 2))-\(padded(day.day, 2)) \(padded(minuteOfDay / 60, 2)):\(padded(minuteOfDay % 60, 2)) UTC"
        }
        // Every year people write has four digits: the text's 20 bytes are written in place.
        return String(unsafeUninitializedCapacity: 20) { buffer in
            var end = 0
            func write(_ number: Int, digits: Int) {
                var rest = number
                for position in (end..<end + digits).reversed() {
                    buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                end += digits
            }
            func write(_ text: StaticString) {
                for offset in 0..<text.utf8CodeUnitCount { buffer[end + offset] = text.utf8Start[offset] }
                end += text.utf8CodeUnitCount
            }
            write(day.year, digits: 4)
            write("-")
            write(day.month, digits: 2)
            write("-")
            write(day.day, digits: 2)
            write(" ")
            write(minuteOfDay / 60, digits: 2)
            write(":")
            write(minuteOfDay % 60, digits: 2)
            write(" UTC")
            return end
        }
    }

    private static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
