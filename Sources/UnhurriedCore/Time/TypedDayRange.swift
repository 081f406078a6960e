import Foundation

/// Days as someone typed them for `/away` — `dec 20..jan 4`, `friday`, `tomorrow to next tuesday`,
/// `2026-12-20..2027-01-04` — kept as words until the speaker's today is known.
public struct TypedDayRange: Hashable, Sendable, CustomStringConvertible {
    public let first: [String]
    public let last: [String]?

    /// The dashes that join a range's ends, apart or inside a word.
    static let dashes: Set<Character> = ["-", "–", "—"]
    /// The words between which one range's ends are written.
    static let separators: Set<String> = Set(["..", "to", "until", "till", "through"]).union(dashes.map(String.init))

    /// Nil unless the words are one day or two days with one separator between them.
    public init?(_ words: [String]) {
        let pieces = words.flatMap(Self.pieces(of:)).filter { !$0.isEmpty }
        let parts = pieces.split(omittingEmptySubsequences: false) { Self.separators.contains($0.lowercased()) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        first = Array(parts[0])
        last = parts.count == 2 ? Array(parts[1]) : nil
    }

    /// A word cut at a separator written inside it — `dec 20..jan 4` arrives as `dec`, `20..jan`, `4`, and `mon-fri` or
    /// `20–24` as one word — while a date keeps its hyphens.
    private static func pieces(of word: String) -> [String] {
        let dotted = word.replacingOccurrences(of: "…", with: "..").replacingOccurrences(of: "...", with: "..")
        return dotted.components(separatedBy: "..").enumerated().flatMap { index, piece in
            (index == 0 ? [] : [".."]) + (LocalDate(parsing: piece) == nil ? cutAtDash(piece) : [piece])
        }
    }

    private static func cutAtDash(_ piece: String) -> [String] {
        guard let dash = piece.firstIndex(where: dashes.contains), dash != piece.startIndex,
              piece.index(after: dash) != piece.endIndex else { return [piece] }
        return [String(piece[..<dash]), "-", String(piece[piece.index(after: dash)...])]
    }

    public var description: String {
        ([first.joined(separator: " ")] + (last.map { [$0.joined(separator: " ")] } ?? [])).joined(separator: "..")
    }
}

extension TimeExpressionReader {
    /// The first and last day of a range of days, in the speaker's calendar. A weekday is its next occurrence, today
    /// included, and a month and day the next such date, as in a deadline; an end that would come before the start
    /// is its next occurrence after it (`friday..monday`), and a bare number a day of the start's month or the next
    /// (`dec 20-24`). A range that starts on a month-day is the one under way when its end is still ahead: `dec
    /// 20..jan 4`, typed on December 22nd, is the holiday under way, not next year's.
    public func readDays(_ typed: TypedDayRange) throws(TimeExpressionError) -> (first: LocalDate, last: LocalDate) {
        let today = LocalDate(of: now, in: speakerHours.timeZone)
        let first = try readWholeDay(typed.first, today: today)
        guard let lastWords = typed.last else { return try withinHorizon(first.date, first.date, today: today) }
        let last: (date: LocalDate, recurs: Recurrence)
        do {
            last = try readEnd(lastWords, of: first, today: today)
        } catch .unreadable(let understood, let example) {
            // What was understood of the whole range, so that its start does not read as not understood.
            throw .unreadable(understood: typed.first.joined(separator: " ") + ".." + understood, example: example)
        }
        if first.recurs == .yearly, let yearEarlier = first.date.sameDay(inYear: first.date.year - 1), yearEarlier <= today,
           last.date >= today, last.date < first.date,
           last.date.daysSince1970 - yearEarlier.daysSince1970 < Self.longestUnderWay {
            return (yearEarlier, last.date)
        }
        let end = last.date >= first.date ? last.date : last.recurs.occurrence(of: last.date, onOrAfter: first.date)
        return try withinHorizon(first.date, end, today: today)
    }

    /// Longer than this, a range read as under way is a typo in its end: `dec 20..2026-12-19`, typed in November 2026,
    /// then reads as no stretch at all.
    static let longestUnderWay = 183

    /// A range's end: a day, or a bare day of the month after a start (`dec 20-24`, `dec 28..3`).
    private func readEnd(
        _ words: [String], of first: (date: LocalDate, recurs: Recurrence), today: LocalDate
    ) throws(TimeExpressionError) -> (date: LocalDate, recurs: Recurrence) {
        guard words.count == 1, let day = Int(words[0]), (1...31).contains(day) else { return try readWholeDay(words, today: today) }
        let month = day >= first.date.day ? first.date.month : first.date.month % 12 + 1
        // Any leap year holds every month-day there is.
        guard let template = LocalDate(year: 2000, month: month, day: day) else {
            let name = Self.months.first { $0.value == month && $0.key.count == 3 }?.key ?? "\(month)"
            throw .noSuchDate("\(name) \(day)")
        }
        switch first.recurs {
        case .yearly:
            return (Recurrence.yearly.occurrence(of: template, onOrAfter: today), .yearly)
        case .never, .weekly:
            return (Recurrence.yearly.occurrence(of: template, onOrAfter: first.date), .never)
        }
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

    /// Days as far ahead as a deadline may be, so that a typo in a year is refused rather than recorded.
    private func withinHorizon(_ first: LocalDate, _ last: LocalDate, today: LocalDate) throws(TimeExpressionError) -> (first: LocalDate, last: LocalDate) {
        guard last.daysSince1970 - today.daysSince1970 <= Int(Self.horizon / 86_400) else {
            throw .tooFarAhead(WorkingCalendar(hours: speakerHours).endOfDay(last))
        }
        return (first, last)
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
