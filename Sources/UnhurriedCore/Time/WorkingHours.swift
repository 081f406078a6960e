import Foundation

/// A wall-clock time of day, minutes after local midnight.
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var minutesAfterMidnight: Int

    public init?(hour: Int, minute: Int) {
        guard (0...24).contains(hour), (0..<60).contains(minute), hour * 60 + minute <= 24 * 60 else { return nil }
        minutesAfterMidnight = hour * 60 + minute
    }

    public init?(minutesAfterMidnight minutes: Int) {
        self.init(hour: minutes / 60, minute: minutes % 60)
    }

    /// Reads `9:00`, `09:00` or `17:30`.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public var hour: Int { minutesAfterMidnight / 60 }
    public var minute: Int { minutesAfterMidnight % 60 }
    public var description: String { String(format: "%02d:%02d", hour, minute) }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool {
        lhs.minutesAfterMidnight < rhs.minutesAfterMidnight
    }
}

/// Days of the week, numbered as Foundation's Gregorian calendar numbers them (Sunday = 1).
public enum Weekday: Int, CaseIterable, Hashable, Comparable, Sendable {
    case sunday = 1, monday, tuesday, wednesday, thursday, friday, saturday

    public var shortName: String {
        ["sun", "mon", "tue", "wed", "thu", "fri", "sat"][rawValue - 1]
    }

    public static let mondayToFriday: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]

    /// Reads `mon`, `Monday`, `tue`, `tues`, …
    public init?(shortName: String) {
        guard let day = TimeExpressionReader.weekdays[shortName.lowercased()] else { return nil }
        self = day
    }

    /// The weekday of a day counted from 1970-01-01, which was a Thursday.
    init(daysSince1970 day: Int) {
        self = Weekday(rawValue: ((day + 4) % 7 + 7) % 7 + 1)!
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// When one person works: blocks of wall-clock time on each working day, in their own IANA time zone, except on
/// holidays (dates in that zone). Focus time is working time nobody should interrupt.
public struct WorkingHours: Hashable, Sendable {
    public var schedule: WeeklySchedule
    /// Blocks in which no reminder, notice, call or prompt should land; deadlines still count them.
    public var focus: WeeklySchedule
    public var timeZone: TimeZone
    public var holidays: Set<LocalDate>

    public init(schedule: WeeklySchedule, focus: WeeklySchedule = .empty, timeZone: TimeZone, holidays: Set<LocalDate> = []) {
        precondition(!schedule.isEmpty, "working hours need at least one working block")
        self.schedule = schedule
        self.focus = focus
        self.timeZone = timeZone
        self.holidays = holidays
    }

    /// The same hours, `from`–`to`, on each of `days`.
    public init(days: Set<Weekday>, from: TimeOfDay, to: TimeOfDay, timeZone: TimeZone, holidays: Set<LocalDate> = []) {
        guard let block = ClockRange(from: from, to: to) else { preconditionFailure("working hours must end after they start") }
        self.init(schedule: WeeklySchedule(days: days, blocks: [block]), timeZone: timeZone, holidays: holidays)
    }

    /// Mon–Fri 09:00–17:00 UTC: the built-in default until a policy file says otherwise.
    public static let standardUTC = WorkingHours(
        days: Weekday.mondayToFriday,
        from: TimeOfDay(hour: 9, minute: 0)!,
        to: TimeOfDay(hour: 17, minute: 0)!,
        timeZone: TimeZone(identifier: "UTC")!
    )

    public var days: Set<Weekday> { schedule.workingDays }

    /// Length of one working day, which is what `1d` means in working-time counting: the usual day's, so on
    /// `mon-thu 08:00-17:00 fri 08:00-12:00` a day is nine hours.
    public var workingDayLength: Duration { schedule.usualDayLength }

    /// `mon-fri 09:00-17:00 Europe/Berlin, focus mon-fri 09:00-11:00`.
    public var summary: String {
        "\(schedule) \(timeZone.configuredName)" + (focus.isEmpty ? "" : ", focus \(focus)")
    }
}

extension TimeZone {
    /// The zone's IANA name as people write it: Foundation on Linux names the UTC zone "GMT".
    public var configuredName: String { identifier == "GMT" ? "UTC" : identifier }

    /// A zone as people may configure one: an IANA name (`Europe/Berlin`) or `UTC`. Foundation also knows
    /// abbreviations such as `EST`, which mean different things in different places, so they are refused.
    public init?(configuredName name: String) {
        guard name.contains("/") || name == "UTC" else { return nil }
        self.init(identifier: name)
    }
}
