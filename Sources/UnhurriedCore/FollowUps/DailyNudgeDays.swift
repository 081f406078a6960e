import Foundation

/// The daily nudges one assignment is part of: at the start of each of the assignee's working days (or when the focus
/// time that opens it ends), from the working day after the ask reached them (its card, or its first call when the
/// card came outside their hours) and not before a snooze ends. The days run on until the assignment is answered, so
/// they are found from an instant, never listed.
struct DailyNudgeDays {
    private let calendar: WorkingCalendar
    /// The start of the first working day whose nudge lists the ask: the day it reached them is already theirs.
    let first: Date
    /// No nudge before this: the first day, or the end of a snooze.
    private let earliest: Date

    init(item: Item, assignment: Assignment, hours: WorkingHours) {
        calendar = WorkingCalendar(hours: hours)
        first = calendar.startOfNextWorkingDay(after: assignment.firstCallAt ?? item.createdAt)
        earliest = max(first, assignment.snoozedUntil ?? first)
    }

    /// Whether the nudge at `instant` lists the assignment: it had reached them by that day, and no snooze holds it.
    func lists(at instant: Date) -> Bool {
        earliest <= instant
    }

    /// The first nudge after `instant`.
    func nudge(after instant: Date) -> Date {
        let from = max(instant, earliest)
        let today = reachable(startOfWorkingDay(onOrAfterDayOf: from))
        // Otherwise that start is on `from`'s own day and already past: the next day's is the one.
        if today >= earliest, today > instant { return today }
        return nextDay(after: from)
    }

    /// The latest nudge after `start` and at or before `end`, if any: after downtime only the latest is worth sending.
    func latestNudge(after start: Date, through end: Date) -> Date? {
        var latest: Date?
        var next = nudge(after: start)
        while next <= end {
            latest = next
            next = nextDay(after: next)
        }
        return latest
    }

    /// The nudge of the working day after `instant`'s.
    private func nextDay(after instant: Date) -> Date {
        reachable(calendar.startOfNextWorkingDay(after: instant))
    }

    /// A day's start, or the end of the focus time it opens with: nothing lands in focus.
    private func reachable(_ startOfDay: Date) -> Date {
        calendar.nextReachableInstant(atOrAfter: startOfDay)
    }

    /// The start of the first working day on `instant`'s local day or later. It is found from noon of the day before,
    /// which every zone has (midnight is skipped by some DST changes).
    private func startOfWorkingDay(onOrAfterDayOf instant: Date) -> Date {
        let day = LocalDate(of: instant, in: calendar.hours.timeZone)
        let noonBefore = calendar.instant(on: LocalDate(daysSince1970: day.daysSince1970 - 1), at: Self.noon)
        return calendar.startOfNextWorkingDay(after: noonBefore)
    }

    private static let noon = TimeOfDay(hour: 12, minute: 0)!
}
