import Foundation

/// What one person has said about their own time with `/hours` and `/away`, and the zone their chat profile
/// gives. Anything left unset falls back to the team's policy.
public struct PersonalSettings: Equatable, Sendable {
    public var timeZoneName: String?
    public var days: Set<Weekday>?
    public var from: TimeOfDay?
    public var to: TimeOfDay?
    public var away: [DateRange]
    /// The zone in the person's chat profile (Slack's `users.info` `tz`), used when they set none themselves.
    public var directoryTimeZoneName: String?
    /// When the profile was last asked, so it is asked again only now and then.
    public var directoryCheckedAt: Date?

    public init(
        timeZoneName: String? = nil, days: Set<Weekday>? = nil, from: TimeOfDay? = nil, to: TimeOfDay? = nil, away: [DateRange] = [],
        directoryTimeZoneName: String? = nil, directoryCheckedAt: Date? = nil
    ) {
        self.timeZoneName = timeZoneName
        self.days = days
        self.from = from
        self.to = to
        self.away = away
        self.directoryTimeZoneName = directoryTimeZoneName
        self.directoryCheckedAt = directoryCheckedAt
    }

    /// Their own settings with the hours part forgotten (`/hours reset`); time away and profile zone stay.
    public var withoutOwnHours: PersonalSettings {
        PersonalSettings(away: away, directoryTimeZoneName: directoryTimeZoneName, directoryCheckedAt: directoryCheckedAt)
    }

    /// The person's working time: their own zone (else their profile's), days and hours where set, the team's
    /// otherwise; team holidays and their time away are both days off.
    public func workingHours(teamDefault team: WorkingHours) -> WorkingHours {
        var hours = team
        if let zone = (timeZoneName ?? directoryTimeZoneName).flatMap(TimeZone.init(identifier:)) { hours.timeZone = zone }
        if let days, !days.isEmpty { hours.days = days }
        if let from, let to, from < to {
            hours.from = from
            hours.to = to
        }
        for range in away { hours.holidays.formUnion(range.dates) }
        return hours
    }
}

/// Consecutive calendar dates, both ends included: `2026-12-20..2027-01-04`.
public struct DateRange: Hashable, Sendable, CustomStringConvertible {
    public var first: LocalDate
    public var last: LocalDate

    public init?(first: LocalDate, last: LocalDate) {
        guard first <= last else { return nil }
        self.first = first
        self.last = last
    }

    /// Reads `2026-12-20..2027-01-04` or a single date.
    public init?(parsing text: String) {
        let parts = text.components(separatedBy: "..")
        guard (1...2).contains(parts.count), let first = LocalDate(parsing: parts[0]),
              let last = LocalDate(parsing: parts.count == 2 ? parts[1] : parts[0]) else { return nil }
        self.init(first: first, last: last)
    }

    public var dates: [LocalDate] {
        (first.daysSince1970...last.daysSince1970).map(LocalDate.init(daysSince1970:))
    }

    public var description: String { first == last ? "\(first)" : "\(first)..\(last)" }
}
