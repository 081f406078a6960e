import Foundation

/// The working time several people have in common: when a meeting can be held inside everyone's hours.
public enum SharedHours {
    /// The stretches between `start` and `end` that lie inside a working block of every one of `hours`, earliest
    /// first. Holidays and time away are days off, so a day someone is away is shared with nobody.
    public static func between(_ hours: [WorkingHours], from start: Date, to end: Date) -> [DateInterval] {
        guard let first = hours.first else { return [] }
        return hours.dropFirst().reduce(WorkingCalendar(hours: first).workingIntervals(from: start, to: end)) { shared, next in
            intersection(shared, WorkingCalendar(hours: next).workingIntervals(from: start, to: end))
        }
    }

    /// The overlap of two lists of sorted, disjoint intervals, walked together once.
    private static func intersection(_ left: [DateInterval], _ right: [DateInterval]) -> [DateInterval] {
        var result: [DateInterval] = []
        var leftIndex = 0
        var rightIndex = 0
        while leftIndex < left.count, rightIndex < right.count {
            let start = max(left[leftIndex].start, right[rightIndex].start)
            let end = min(left[leftIndex].end, right[rightIndex].end)
            if start < end { result.append(DateInterval(start: start, end: end)) }
            if left[leftIndex].end < right[rightIndex].end { leftIndex += 1 } else { rightIndex += 1 }
        }
        return result
    }

    /// `intervals` cut at midnight in `zone`, so each piece belongs to one local day, grouped by that day.
    public static func byLocalDay(_ intervals: [DateInterval], in zone: TimeZone) -> [[DateInterval]] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var days: [(day: LocalDate, pieces: [DateInterval])] = []
        for interval in intervals {
            var start = interval.start
            while start < interval.end {
                let day = LocalDate(of: start, in: zone)
                let nextMidnight = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: start)) ?? interval.end
                let end = min(interval.end, nextMidnight)
                if days.last?.day == day { days[days.count - 1].pieces.append(DateInterval(start: start, end: end)) } else {
                    days.append((day, [DateInterval(start: start, end: end)]))
                }
                start = end
            }
        }
        return days.map(\.pieces)
    }
}
