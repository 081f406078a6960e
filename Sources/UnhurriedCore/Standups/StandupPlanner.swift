import Foundation

/// The instants of a standup: its rounds, which end at a digest on each of the team's working days (in the digest's
/// zone) or, for a weekly standup, on each of its days, and each person's prompt — the last time their own clock shows `promptAt` on one of their working days
/// within the round (or, outside their hours, the start of their next working block). Someone on a day off or away has no prompt, and is not listed as missing an answer.
public struct StandupPlanner: Sendable {
    public let standup: Standup
    private let digestCalendar: WorkingCalendar

    /// Days without a digest (weekends, holidays, the rest of a weekly standup's week) are skipped this far at the most.
    static let searchDays = 21

    /// `teamHours` gives the digest days and holidays; the digest's own zone replaces the team's.
    public init(standup: Standup, teamHours: WorkingHours) {
        self.standup = standup
        var hours = teamHours
        hours.timeZone = standup.digestTimeZone
        digestCalendar = WorkingCalendar(hours: hours)
    }

    /// The round in progress at `instant`: the first whose digest is later.
    public func round(after instant: Date) -> StandupRound? {
        let today = LocalDate(of: instant, in: standup.digestTimeZone).daysSince1970
        for day in today...(today + Self.searchDays) {
            guard let round = round(onDay: day), round.digestAt > instant else { continue }
            return round
        }
        return nil
    }

    /// The latest round whose digest is due at `instant`.
    public func round(dueBy instant: Date) -> StandupRound? {
        let today = LocalDate(of: instant, in: standup.digestTimeZone).daysSince1970
        for day in stride(from: today, through: today - Self.searchDays, by: -1) {
            guard let round = round(onDay: day), round.digestAt <= instant else { continue }
            return round
        }
        return nil
    }

    /// The round whose digest goes out at `instant`, if one does.
    public func round(digestedAt instant: Date) -> StandupRound? {
        round(dueBy: instant).flatMap { $0.digestAt == instant ? $0 : nil }
    }

    /// When `hours`' owner is asked in `round`; nil when they have no working day in it. A `promptAt` outside their
    /// hours waits for the start of their next working block: nobody is pinged outside their hours.
    public func prompt(in round: StandupRound, hours: WorkingHours) -> Date? {
        let calendar = WorkingCalendar(hours: hours)
        let last = LocalDate(of: round.digestAt, in: hours.timeZone).daysSince1970
        let first = LocalDate(of: round.opensAfter, in: hours.timeZone).daysSince1970
        for day in stride(from: last, through: first, by: -1) {
            let date = LocalDate(daysSince1970: day)
            guard calendar.isWorkingDay(date) else { continue }
            let instant = calendar.nextReachableInstant(atOrAfter: calendar.instant(on: date, at: standup.promptAt))
            // A round runs from one digest (included) to the next (excluded), as answers do.
            if instant >= round.opensAfter, instant < round.digestAt { return instant }
        }
        return nil
    }

    private func round(onDay day: Int) -> StandupRound? {
        let date = LocalDate(daysSince1970: day)
        guard endsARound(date) else { return nil }
        var previous = day - 1
        while previous > day - Self.searchDays, !endsARound(LocalDate(daysSince1970: previous)) { previous -= 1 }
        return StandupRound(
            date: date, opensAfter: digestCalendar.instant(on: LocalDate(daysSince1970: previous), at: standup.digestAt),
            digestAt: digestCalendar.instant(on: date, at: standup.digestAt))
    }

    /// A working day in the digest's zone that is one of the standup's days, if it names any.
    private func endsARound(_ date: LocalDate) -> Bool {
        digestCalendar.isWorkingDay(date) && standup.roundDays.map { $0.contains(date.weekday) } ?? true
    }
}
