import Foundation

/// Counts time the way a response-time expectation is counted: only inside someone's working blocks.
///
/// A block is one working day's `from`–`to` span, evaluated as wall-clock time in the person's zone for that
/// date, so DST changes move the block's UTC instants rather than its local hours.
public struct WorkingCalendar: Sendable {
    public var hours: WorkingHours
    private let calendar: Calendar

    public init(hours: WorkingHours) {
        self.hours = hours
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = hours.timeZone
        self.calendar = calendar
    }

    /// The instant `duration` of working time after `start`. A window that starts outside working hours starts
    /// at the next block; a deadline that falls exactly on a block's end stays there.
    public func adding(_ duration: Duration, to start: Date) -> Date {
        var remaining = duration.timeInterval
        var day = calendar.startOfDay(for: start)
        // A year of days without a single working day means the hours are empty; stop rather than loop forever.
        for _ in 0..<(366 * 20) {
            if let block = workingBlock(on: day), start < block.end {
                let blockStart = max(start, block.start)
                let available = block.end.timeIntervalSince(blockStart)
                if remaining <= available {
                    return blockStart.addingTimeInterval(remaining)
                }
                remaining -= available
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
        }
        return start.addingTimeInterval(remaining)
    }

    /// The working block on the local date that starts at `startOfDay`, if that date is a working day.
    func workingBlock(on startOfDay: Date) -> DateInterval? {
        let date = calendar.dateComponents([.year, .month, .day, .weekday], from: startOfDay)
        guard let weekday = date.weekday.flatMap(Weekday.init(rawValue:)), hours.days.contains(weekday) else { return nil }
        if !hours.holidays.isEmpty, let year = date.year, let month = date.month, let day = date.day,
           hours.holidays.contains(LocalDate(validYear: year, month: month, day: day)) {
            return nil
        }
        guard let start = localTime(hours.from, on: startOfDay), let end = localTime(hours.to, on: startOfDay),
              start < end else { return nil }
        return DateInterval(start: start, end: end)
    }

    private func localTime(_ time: TimeOfDay, on startOfDay: Date) -> Date? {
        var components = calendar.dateComponents([.year, .month, .day], from: startOfDay)
        components.hour = time.hour
        components.minute = time.minute
        return calendar.date(from: components)
    }
}

extension Duration {
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
