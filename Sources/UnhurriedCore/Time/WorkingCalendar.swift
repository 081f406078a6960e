import Foundation

/// Counts time the way a response-time expectation is counted: only inside someone's working blocks.
///
/// A block is one span of a working day's hours (`08:00-12:00` of `08:00-12:00,13:00-17:00`), evaluated as
/// wall-clock time in the person's zone for that date, so DST changes move the block's UTC instants rather than
/// its local hours. Days are numbered as days since 1970-01-01 in the person's zone and converted with plain
/// arithmetic: deadlines are computed for every assignee of every ask and every planned reminder, so this path
/// avoids `Calendar`.
public struct WorkingCalendar: Sendable {
    public var hours: WorkingHours
    private let isUTC: Bool

    /// Searching further than this for a working block means there is none (every day a holiday).
    private static let searchLimitDays = 366 * 20

    public init(hours: WorkingHours) {
        self.hours = hours
        isUTC = hours.timeZone.secondsFromGMT() == 0 && hours.timeZone.nextDaylightSavingTimeTransition == nil
    }

    /// The instant `duration` of working time after `start`. A window that starts outside working hours starts
    /// at the next block; a deadline that falls exactly on a block's end stays there.
    public func adding(_ duration: Duration, to start: Date) -> Date {
        var remaining = duration.timeInterval
        var day = localDay(of: start)
        for _ in 0..<Self.searchLimitDays {
            for block in workingBlocks(onDay: day) {
                let (blockStart, blockEnd) = instants(of: block, onDay: day)
                guard start < blockEnd else { continue }
                let from = max(start, blockStart)
                let available = blockEnd.timeIntervalSince(from)
                if remaining <= available { return from.addingTimeInterval(remaining) }
                remaining -= available
            }
            day += 1
        }
        return start.addingTimeInterval(remaining)
    }

    /// The instant `duration` of working time before `end`: the mirror of `adding`. A result that falls exactly
    /// on a block's start stays there.
    public func subtracting(_ duration: Duration, from end: Date) -> Date {
        var remaining = duration.timeInterval
        var day = localDay(of: end)
        for _ in 0..<Self.searchLimitDays {
            for block in workingBlocks(onDay: day).reversed() {
                let (blockStart, blockEnd) = instants(of: block, onDay: day)
                guard blockStart <= end else { continue }
                let until = min(end, blockEnd)
                let available = until.timeIntervalSince(blockStart)
                if remaining <= available { return until.addingTimeInterval(-remaining) }
                remaining -= available
            }
            day -= 1
        }
        return end.addingTimeInterval(-remaining)
    }

    /// The working time between two instants: how long someone had, in their hours, to answer. Counted over at most
    /// the search limit's days, so an instant centuries away costs no more than one twenty years away.
    public func workingTime(from start: Date, to end: Date) -> Duration {
        var total: TimeInterval = 0
        forEachWorkingStretch(from: start, to: end) { total += $1.timeIntervalSince($0) }
        return .milliseconds(Int64((total * 1000).rounded()))
    }

    /// The stretches of working time between two instants, each a block or the part of one inside them, earliest
    /// first; counted over at most the search limit's days.
    public func workingIntervals(from start: Date, to end: Date) -> [DateInterval] {
        var intervals: [DateInterval] = []
        forEachWorkingStretch(from: start, to: end) { intervals.append(DateInterval(start: $0, end: $1)) }
        return intervals
    }

    /// Calls `body` with each stretch of working time between two instants, earliest first. `workingTime` runs for
    /// every deadline, so it sums these without collecting them.
    private func forEachWorkingStretch(from start: Date, to end: Date, _ body: (Date, Date) -> Void) {
        guard end > start else { return }
        var day = localDay(of: start)
        let lastDay = min(localDay(of: end), day + Self.searchLimitDays)
        while day <= lastDay {
            for block in workingBlocks(onDay: day) {
                let (blockStart, blockEnd) = instants(of: block, onDay: day)
                let from = max(start, blockStart)
                let until = min(end, blockEnd)
                if from < until { body(from, until) }
            }
            day += 1
        }
    }

    /// The first instant at or after `date` inside a working block: `date` itself during working hours, else the
    /// start of the next block, past breaks, weekends, holidays and time away.
    public func nextWorkingInstant(atOrAfter date: Date) -> Date {
        adding(.zero, to: date)
    }

    /// The first instant at or after `date` when the person may be called: inside a working block and outside
    /// their focus time. Focus that leaves no working time at all is not honoured, so a call always comes.
    public func nextReachableInstant(atOrAfter date: Date) -> Date {
        var candidate = nextWorkingInstant(atOrAfter: date)
        guard !hours.focus.isEmpty else { return candidate }
        // Each step moves to the end of a focus block and on to working time, so a week's blocks bound it.
        for _ in 0..<Self.focusSearchSteps {
            guard let focusEnd = endOfFocus(containing: candidate) else { return candidate }
            candidate = nextWorkingInstant(atOrAfter: focusEnd)
        }
        return nextWorkingInstant(atOrAfter: date)
    }

    private static let focusSearchSteps = 7 * 48

    /// The end of the focus block `date` falls in, if it falls in one.
    private func endOfFocus(containing date: Date) -> Date? {
        let day = localDay(of: date)
        for block in hours.focus.blocks(on: Weekday(daysSince1970: day)) {
            let (start, end) = instants(of: block, onDay: day)
            if start <= date, date < end { return end }
        }
        return nil
    }

    /// The start of the first working block on a later local day than `date`'s: "tomorrow", in working terms.
    public func startOfNextWorkingDay(after date: Date) -> Date {
        var day = localDay(of: date) + 1
        for _ in 0..<Self.searchLimitDays {
            if let first = workingBlocks(onDay: day).first { return instants(of: first, onDay: day).start }
            day += 1
        }
        return date.addingTimeInterval(86_400)
    }

    /// Whether `date` is one of the person's working days and not a holiday or a day away.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        !workingBlocks(onDay: date.daysSince1970).isEmpty
    }

    /// The instant at which the person's wall clock shows `time` on `date`.
    public func instant(on date: LocalDate, at time: TimeOfDay) -> Date {
        instant(onDay: date.daysSince1970, minutes: time.minutesAfterMidnight)
    }

    /// The instant the person's working day on `date` ends ("by friday"): after its last block, or at a usual day's
    /// end on a day they do not work.
    public func endOfDay(_ date: LocalDate) -> Date {
        instant(on: date, at: hours.schedule.endOfDay(on: Weekday(daysSince1970: date.daysSince1970)))
    }

    /// Whether `date` falls on a holiday or a day of time away in the person's zone.
    public func isDayOff(_ date: Date) -> Bool {
        hours.holidays.contains(LocalDate(daysSince1970: localDay(of: date)))
    }

    /// The working blocks on local day number `day`, earliest first; none on a day off or a holiday.
    private func workingBlocks(onDay day: Int) -> [ClockRange] {
        if !hours.holidays.isEmpty, hours.holidays.contains(LocalDate(daysSince1970: day)) { return [] }
        return hours.schedule.blocks(on: Weekday(daysSince1970: day))
    }

    private func instants(of block: ClockRange, onDay day: Int) -> (start: Date, end: Date) {
        (instant(onDay: day, minutes: block.from.minutesAfterMidnight), instant(onDay: day, minutes: block.to.minutesAfterMidnight))
    }

    private func localDay(of date: Date) -> Int {
        LocalDate.dayNumber(of: date, offset: offset(at: date))
    }

    /// The instant at which the person's wall clock shows `minutes` after midnight on local day `day`.
    private func instant(onDay day: Int, minutes: Int) -> Date {
        let local = TimeInterval(day * 86_400 + minutes * 60)
        guard !isUTC else { return Date(timeIntervalSince1970: local) }
        // The offset at the wall-clock time is found from a first guess; the second lookup settles DST days.
        let guess = local - TimeInterval(offset(at: Date(timeIntervalSince1970: local)))
        return Date(timeIntervalSince1970: local - TimeInterval(offset(at: Date(timeIntervalSince1970: guess))))
    }

    private func offset(at date: Date) -> Int {
        isUTC ? 0 : hours.timeZone.secondsFromGMT(for: date)
    }
}

extension LocalDate {
    /// The date the wall clock shows at `instant` in `zone`.
    public init(of instant: Date, in zone: TimeZone) {
        self.init(daysSince1970: Self.dayNumber(of: instant, offset: zone.secondsFromGMT(for: instant)))
    }

    /// Days since 1970-01-01 on a wall clock `offset` seconds from UTC.
    static func dayNumber(of instant: Date, offset: Int) -> Int {
        Int(((instant.timeIntervalSince1970 + Double(offset)) / 86_400).rounded(.down))
    }

    /// The civil date of day number `days` since 1970-01-01 (Howard Hinnant's days-to-civil algorithm).
    public init(daysSince1970 days: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        self.init(validYear: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }
}

extension Duration {
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
