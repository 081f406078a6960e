import Foundation

/// Days as someone typed them for `/away` — `dec 20..jan 4`, `friday`, `tomorrow to next tuesday`,
/// `2026-12-20..2027-01-04` — kept as words until the speaker's today is known.
public struct TypedDayRange: Hashable, Sendable, CustomStringConvertible {
    public let first: [String]
    public let last: [String]?

    /// The words between which one range's ends are written.
    static let separators: Set<String> = ["..", "to", "until", "till", "through", "-", "–", "—"]

    /// Nil unless the words are one day or two days with one separator between them.
    public init?(_ words: [String]) {
        // `dec 20..jan 4` arrives as `dec`, `20..jan`, `4`.
        let pieces = words.flatMap { word in
            word.components(separatedBy: "..").enumerated().flatMap { index, piece in index == 0 ? [piece] : ["..", piece] }
        }.filter { !$0.isEmpty }
        let parts = pieces.split(omittingEmptySubsequences: false) { Self.separators.contains($0.lowercased()) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        first = Array(parts[0])
        last = parts.count == 2 ? Array(parts[1]) : nil
    }

    public var description: String {
        ([first.joined(separator: " ")] + (last.map { [$0.joined(separator: " ")] } ?? [])).joined(separator: "..")
    }
}

extension TimeExpressionReader {
    /// The first and last day of a range of days, in the speaker's calendar. A weekday is its next occurrence, today
    /// included, and a month and day the next such date, as in a deadline; an end that would come before the start
    /// is its next occurrence after it (`friday..monday`). Two month-days name the range that has begun and not ended when
    /// there is one: `dec 20..jan 4`, typed on December 22nd, is the holiday under way, not next year's.
    public func readDays(_ typed: TypedDayRange) throws(TimeExpressionError) -> (first: LocalDate, last: LocalDate) {
        let today = LocalDate(of: now, in: speakerHours.timeZone)
        let first = try readWholeDay(typed.first, today: today)
        guard let lastWords = typed.last else { return (first.date, first.date) }
        let last = try readWholeDay(lastWords, today: today)
        func end(after start: LocalDate) -> LocalDate { last.recurs.occurrence(of: last.date, onOrAfter: start) }
        if first.recurs == .yearly, last.recurs == .yearly, let yearEarlier = first.date.sameDay(inYear: first.date.year - 1), yearEarlier <= today {
            let earlierEnd = end(after: yearEarlier)
            if earlierEnd >= today, earlierEnd < first.date { return (yearEarlier, earlierEnd) }
        }
        return (first.date, end(after: first.date))
    }

    /// One end of a range: words that name a day and nothing more.
    private func readWholeDay(_ words: [String], today: LocalDate) throws(TimeExpressionError) -> (date: LocalDate, recurs: Recurrence) {
        let cleaned = words.map(Self.normalise).filter { !$0.isEmpty }
        var rest = cleaned[...]
        let day: (date: LocalDate, recurs: Recurrence)?
        do {
            day = try readDay(&rest, today: today)
        } catch .unreadable(let understood, _) {
            // The deadline's example would show a time of day, which a day away does not take.
            throw .unreadable(understood: understood, example: Self.dayExample)
        }
        guard let day, rest.isEmpty else {
            throw .unreadable(understood: cleaned.prefix(cleaned.count - rest.count).joined(separator: " "), example: Self.dayExample)
        }
        return day
    }

    static let dayExample = "away dec 20..jan 4, away friday, away tomorrow to next tuesday, away 2026-12-24"
}

extension TimeExpressionReader.Recurrence {
    /// The first date on or after `start` that `date` names: itself when it does not recur.
    func occurrence(of date: LocalDate, onOrAfter start: LocalDate) -> LocalDate {
        switch self {
        case .never:
            return date
        case .weekly:
            return start.next(date.weekday, includingToday: true)
        case .yearly:
            // February 29th comes back only in a leap year.
            for year in start.year...(start.year + 8) {
                if let candidate = date.sameDay(inYear: year), candidate >= start { return candidate }
            }
            return date
        }
    }
}

extension LocalDate {
    /// This month and day in `year`; nil for February 29th outside leap years.
    func sameDay(inYear year: Int) -> LocalDate? {
        LocalDate(year: year, month: month, day: day)
    }
}
