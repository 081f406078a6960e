import Foundation

/// `2026-11-27 17:00 UTC`: how an instant reads on a platform that cannot show it in each reader's own zone.
///
/// Every card shows one, so it is counted out by hand: through `Calendar` and `String(format:)` it cost about 80,000
/// instructions, a twentieth of a whole ask.
public enum UTCTime {
    public static func text(_ date: Date) -> String {
        let minutes = Int((date.timeIntervalSince1970 / 60).rounded(.down))
        let (days, minuteOfDay) = minutes.quotientAndRemainder(dividingBy: 24 * 60)
        let (year, month, day) = civilDate(daysSince1970: minuteOfDay < 0 ? days - 1 : days)
        let minute = minuteOfDay < 0 ? minuteOfDay + 24 * 60 : minuteOfDay
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2)) \(padded(minute / 60, 2)):\(padded(minute % 60, 2)) UTC"
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
