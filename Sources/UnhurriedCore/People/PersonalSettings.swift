import Foundation

/// What one person has said about their own time with `/hours` and `/away`, and the zone their chat profile
/// gives. Anything left unset falls back to the team's policy.
public struct PersonalSettings: Equatable, Sendable {
    public var timeZoneName: String?
    /// Their working days (`/hours mon-thu`), each with the team's hours for it.
    public var days: Set<Weekday>?
    /// Their hours on every working day (`/hours 08:00-12:00,13:00-17:00`), on the team's days.
    public var blocks: [ClockRange]?
    /// Their whole week (`/hours mon-thu 08:00-17:00 fri 08:00-12:00`), which days and blocks then only change.
    public var week: WeeklySchedule?
    /// Their focus time (`/hours focus 09:00-11:00 mon-fri`), instead of the team's.
    public var focus: WeeklySchedule?
    public var away: [DateRange]
    /// The zone in the person's chat profile (Slack's `users.info` `tz`), used when they set none themselves.
    public var directoryTimeZoneName: String?
    /// When the profile was last asked, so it is asked again only now and then.
    public var directoryCheckedAt: Date?
    /// How they chose to be reminded (`/hours nudges daily`); nil: as each ask's tier says.
    public var nudges: NudgeMode?

    public init(
        timeZoneName: String? = nil, days: Set<Weekday>? = nil, blocks: [ClockRange]? = nil, week: WeeklySchedule? = nil,
        focus: WeeklySchedule? = nil, away: [DateRange] = [], directoryTimeZoneName: String? = nil, directoryCheckedAt: Date? = nil,
        nudges: NudgeMode? = nil
    ) {
        self.timeZoneName = timeZoneName
        self.days = days
        self.blocks = blocks
        self.week = week
        self.focus = focus
        self.away = away
        self.directoryTimeZoneName = directoryTimeZoneName
        self.directoryCheckedAt = directoryCheckedAt
        self.nudges = nudges
    }

    /// Their own settings with the hours part forgotten (`/hours reset`); time away, profile zone and nudges stay.
    public var withoutOwnHours: PersonalSettings {
        PersonalSettings(away: away, directoryTimeZoneName: directoryTimeZoneName, directoryCheckedAt: directoryCheckedAt, nudges: nudges)
    }

    /// These settings changed as `/hours` words say. Days or blocks alone change a week of their own, or else
    /// stay partial, so the rest keeps following the team.
    public mutating func change(_ words: ScheduleWords) {
        if let week {
            self.week = words.applied(to: week)
            return
        }
        switch words {
        case .days(let newDays): days = newDays
        case .blocks(let newBlocks): blocks = newBlocks
        case .week(let newWeek):
            week = newWeek
            days = nil
            blocks = nil
        }
    }

    /// The person's working time: their own zone (else their profile's), week, days and hours where set, the
    /// team's otherwise; team holidays and their time away are both days off.
    public func workingHours(teamDefault team: WorkingHours) -> WorkingHours {
        var hours = team
        if let zone = (timeZoneName ?? directoryTimeZoneName).flatMap(TimeZone.init(identifier:)) { hours.timeZone = zone }
        if let week, !week.isEmpty {
            hours.schedule = week
        } else {
            if let days, !days.isEmpty { hours.schedule = hours.schedule.working(on: days) }
            if let blocks, !blocks.isEmpty { hours.schedule = hours.schedule.withBlocks(blocks) }
        }
        if let focus { hours.focus = focus }
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

    /// Time away longer than a year is almost certainly a typo in the year.
    public var isAtMostAYear: Bool { last.daysSince1970 - first.daysSince1970 < 366 }

    public var dates: [LocalDate] {
        (first.daysSince1970...last.daysSince1970).map(LocalDate.init(daysSince1970:))
    }

    public var description: String { first == last ? "\(first)" : "\(first)..\(last)" }
}
