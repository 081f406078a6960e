import Foundation

/// `Fri 20 Nov 2026 17:00 Berlin time (16:00 UTC)`: an instant as someone reads it, in their zone named after its
/// city as people say it, with UTC beside it for everyone else — not `GMT+1`, which names no place and is wrong half
/// the year. In UTC itself, `Fri 20 Nov 2026 16:00 UTC`.
public enum LocalTime {
    public static func text(_ date: Date, in zone: TimeZone) -> String {
        let local = parts(of: date, in: zone)
        if isUTC(zone) { return "\(local.day) \(local.time) UTC" }
        let utc = parts(of: date, in: TimeZone(identifier: "UTC")!)
        // The UTC day is named only when it is not the reader's.
        let utcDay = utc.day == local.day ? "" : "\(utc.weekday) "
        return "\(local.day) \(local.time) \(zoneName(zone)) (\(utcDay)\(utc.time) UTC)"
    }

    /// `Berlin time`, `New York time`, `UTC`: the last part of the IANA name, as a place.
    public static func zoneName(_ zone: TimeZone) -> String {
        if isUTC(zone) { return "UTC" }
        let city = zone.identifier.split(separator: "/").last.map(String.init) ?? zone.identifier
        return city.replacingOccurrences(of: "_", with: " ") + " time"
    }

    private static func isUTC(_ zone: TimeZone) -> Bool {
        ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Universal", "Zulu"].contains(zone.identifier)
    }

    /// `14:00`, on the wall clock in `zone`.
    public static func clock(_ date: Date, in zone: TimeZone) -> String {
        formatted(date, in: zone, as: "HH:mm")
    }

    /// `Mon 23 Nov`, the date in `zone`.
    public static func shortDay(_ date: Date, in zone: TimeZone) -> String {
        formatted(date, in: zone, as: "EEE d MMM")
    }

    private static func parts(of date: Date, in zone: TimeZone) -> (day: String, weekday: String, time: String) {
        (formatted(date, in: zone, as: "EEE d MMM yyyy"), formatted(date, in: zone, as: "EEE"), clock(date, in: zone))
    }

    private static func formatted(_ date: Date, in zone: TimeZone, as format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter.string(from: date)
    }
}
