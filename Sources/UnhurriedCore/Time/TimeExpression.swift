import Foundation

/// Reads the deadline at the end of an ask — `by friday 3pm`, `in 3 working days`, `next monday 10:00` — in the
/// speaker's time zone and working hours.
///
/// Rules people can predict: a date without a time means the end of the speaker's working day on that date;
/// a weekday means its next occurrence (today counts while the time is still ahead; `next` skips today); a
/// clock time alone means today, or tomorrow once it has passed; a month and day without a year is the next
/// such date. Anything that reads half-way is refused with what was understood, never guessed.
public struct TimeExpressionReader: Sendable {
    public let now: Date
    public let speakerHours: WorkingHours

    /// The speaker's working time, for dates, instants and `in N working days`.
    private let calendar: WorkingCalendar

    public init(now: Date, speakerHours: WorkingHours) {
        self.now = now
        self.speakerHours = speakerHours
        calendar = WorkingCalendar(hours: speakerHours)
    }

    /// The words a deadline clause opens with.
    public static let openers: Set<String> = ["by", "due", "in", "next"]
    /// Their first letters, lower-case ASCII; no other character lower-cases to one of these.
    private static let openerInitials = Set(openers.compactMap(\.utf8.first))

    /// Reads a clause such as `by fri 3pm` (its opening word included).
    public func read(_ words: [String]) throws(TimeExpressionError) -> Date {
        let cleaned = Self.rewritingPhrases(words.map(Self.normalise).filter { !$0.isEmpty })
        guard let opener = cleaned.first else { throw .unreadable(understood: "", example: Self.example) }
        let instant: Date
        switch opener {
        case "in": instant = try readOffset(cleaned.dropFirst())
        case "next": instant = try readDate(cleaned[...], clause: cleaned)
        default: instant = try readDate(cleaned.dropFirst(), clause: cleaned)
        }
        guard instant > now else { throw .inThePast(instant) }
        guard instant.timeIntervalSince(now) <= Self.horizon else { throw .tooFarAhead(instant) }
        return instant
    }

    /// Whether `words` (from an opener to the end of the ask) read as a deadline clause rather than prose:
    /// "by the way" and "in 2024's report" stay part of the request.
    public static func startsClause(_ words: ArraySlice<String>) -> Bool {
        // Only the first three words decide, and only after an opener; the grammar asks this at every word of an ask,
        // so a word whose first letter no opener has is turned away before it is lower-cased.
        guard let opener = words.first, words.count >= 2, let initial = opener.utf8.first,
              openerInitials.contains(initial | 0x20), openers.contains(normalise(opener)) else { return false }
        let words = words.prefix(3).map(normalise)
        let next = words[1]
        let after = words.count > 2 ? words[2] : ""
        switch words[0] {
        case "by", "due":
            if weekdays[next] != nil || months[next] != nil || LocalDate(parsing: next) != nil { return true }
            if ["today", "tomorrow", "tonight", "yesterday", "eod", "eow", "cob", "noon", "next"].contains(next) { return true }
            if next == "end" || next == "close" { return after == "of" }
            // A number is a time only with a clock or a month: "by 3pm", "by 15:00", "by 3 dec".
            guard next.first?.isNumber == true else { return false }
            return next.contains(":") || next.hasSuffix("am") || next.hasSuffix("pm") || next.contains("/")
                || ["am", "pm"].contains(after) || months[after] != nil
        case "in":
            guard Int(next) != nil || numberWords[next] != nil else { return false }
            return timeUnits.contains(after) || after == "working" || after == "business"
        case "next":
            return weekdays[next] != nil
        default:
            return false
        }
    }

    /// Whether a word could belong to a date or a time of day: after a time that was read, such a word means the
    /// time was written in an order the reader does not take (`3pm friday`), not that the agenda starts.
    public static func couldBePartOfATime(_ word: String) -> Bool {
        let word = normalise(word)
        guard let first = word.first else { return false }
        return first.isNumber || weekdays[word] != nil || months[word] != nil
            || ["today", "tomorrow", "tonight", "noon", "next", "am", "pm", "eod", "eow"].contains(word)
    }

    /// Whether the words name a day (`friday`, `dec 3`, `tomorrow`, `2026-12-03`).
    public static func namesDay(_ words: [String]) -> Bool {
        words.map(normalise).contains { word in
            weekdays[word] != nil || months[word] != nil || LocalDate(parsing: word) != nil || ["today", "tomorrow", "tonight"].contains(word)
        }
    }

    /// Whether the words name a time of day (`15:00`, `3pm`, `noon`), not only a day.
    public static func namesTimeOfDay(_ words: [String]) -> Bool {
        words.map(normalise).contains { word in
            if ["noon", "am", "pm"].contains(word) || word.contains(":") { return true }
            let meridiem = word.hasSuffix("am") || word.hasSuffix("pm")
            return meridiem && word.first?.isNumber == true
        }
    }

    static let timeUnits: Set<String> = ["minute", "minutes", "min", "mins", "hour", "hours", "h", "day", "days", "d", "week", "weeks"]

    /// Common phrases read as the short words the grammar knows.
    static func rewritingPhrases(_ words: [String]) -> [String] {
        let phrases: [([String], String)] = [
            (["end", "of", "the", "day"], "eod"), (["end", "of", "day"], "eod"), (["close", "of", "business"], "eod"),
            (["cob"], "eod"), (["end", "of", "the", "week"], "eow"), (["end", "of", "week"], "eow"),
        ]
        var result: [String] = []
        var index = 0
        outer: while index < words.count {
            for (phrase, replacement) in phrases where words[index...].starts(with: phrase) {
                result.append(replacement)
                index += phrase.count
                continue outer
            }
            result.append(words[index])
            index += 1
        }
        return result
    }

    // MARK: Parts

    private func readOffset(_ words: ArraySlice<String>) throws(TimeExpressionError) -> Date {
        var words = words
        guard let amountText = words.popFirst(), let amount = Int(amountText) ?? Self.numberWords[amountText],
              (1...Self.largestAmount).contains(amount) else {
            throw .unreadable(understood: "in", example: "in 2 days, in 3 working days, in 4 hours")
        }
        let working = words.first == "working" || words.first == "business"
        if working { words = words.dropFirst() }
        guard let unit = words.popFirst(), words.isEmpty else {
            throw .unreadable(understood: "in \(amount)", example: "in \(amount) days or in \(amount) working days")
        }
        let seconds: Int
        switch unit {
        case "minute", "minutes", "min", "mins": seconds = amount * 60
        case "hour", "hours", "h": seconds = amount * 3600
        case "day", "days", "d": seconds = amount * 86_400
        case "week", "weeks": seconds = amount * 7 * 86_400
        default: throw .unreadable(understood: "in \(amount)", example: "in \(amount) days or in \(amount) working days")
        }
        guard working else { return now.addingTimeInterval(TimeInterval(seconds)) }
        // A working day is the speaker's usual day of hours; a week is five of them.
        let dayLength = speakerHours.workingDayLength
        let length: Duration = switch unit {
        case "day", "days", "d": dayLength * amount
        case "week", "weeks": dayLength * (amount * 5)
        default: .seconds(seconds)
        }
        return calendar.adding(length, to: now)
    }

    private func readDate(_ words: ArraySlice<String>, clause: [String]) throws(TimeExpressionError) -> Date {
        var words = words
        let understood = { (count: Int) in clause.prefix(clause.count - words.count + count).joined(separator: " ") }
        guard let first = words.first else { throw .unreadable(understood: clause.joined(separator: " "), example: Self.example) }
        let today = LocalDate(of: now, in: speakerHours.timeZone)
        var date: LocalDate?
        var rollsForward = false

        switch first {
        case "eod":
            words = words.dropFirst()
            guard words.isEmpty else { throw .unreadable(understood: understood(0), example: "by eod") }
            return endOfWorkingDay(onOrAfter: today)
        case "eow":
            words = words.dropFirst()
            guard words.isEmpty else { throw .unreadable(understood: understood(0), example: "by eow") }
            return endOfWorkingWeek(from: today)
        default:
            if let day = try readDay(&words, today: today) {
                date = day.date
                rollsForward = day.recurs == .weekly
            }
        }

        if words.first == "at" { words = words.dropFirst() }
        var time: TimeOfDay?
        if !words.isEmpty {
            guard let clock = readClock(&words), words.isEmpty else {
                throw .unreadable(understood: understood(0), example: Self.example)
            }
            time = clock
        }
        guard date != nil || time != nil else { throw .unreadable(understood: understood(0), example: Self.example) }

        let day = date ?? today
        let instant = instant(on: day, at: time)
        // A weekday or a bare clock time that has already passed today means the next one.
        if instant <= now, date == nil { return self.instant(on: day.adding(days: 1), at: time) }
        if instant <= now, rollsForward, day == today { return self.instant(on: day.adding(days: 7), at: time) }
        return instant
    }

    /// How a day named without a year recurs: a range of such days is read to the occurrences meant.
    enum Recurrence { case never, weekly, yearly }

    /// The day the words open with, taking its words: `today`, `tomorrow`, a weekday (its next occurrence, today
    /// included), `next friday` (today skipped), `2026-12-03`, `dec 3` (the next such date), `3 dec 2027`. Nil when they
    /// name no day; an error when they half do (`next week`, `12/3`, `feb 30`).
    func readDay(_ words: inout ArraySlice<String>, today: LocalDate) throws(TimeExpressionError) -> (date: LocalDate, recurs: Recurrence)? {
        guard let first = words.first else { return nil }
        switch first {
        case "today", "tonight":
            words = words.dropFirst(); return (today, .never)
        case "tomorrow":
            words = words.dropFirst(); return (today.adding(days: 1), .never)
        // Read so that it is refused as the past it is, not taken for part of the request.
        case "yesterday":
            words = words.dropFirst(); return (today.adding(days: -1), .never)
        case "next":
            words = words.dropFirst()
            guard let name = words.popFirst(), let weekday = Self.weekdays[name] else {
                throw .unreadable(understood: "next", example: "next monday 10:00")
            }
            return (today.next(weekday, includingToday: false), .weekly)
        default:
            if let weekday = Self.weekdays[first] {
                words = words.dropFirst()
                return (today.next(weekday, includingToday: true), .weekly)
            }
            if let iso = LocalDate(parsing: first) {
                words = words.dropFirst()
                return (iso, .never)
            }
            if let monthDay = try readMonthDay(&words, today: today) { return monthDay }
            if first.contains("/") { throw .ambiguous(first, example: "write 2026-12-03 or dec 3") }
            return nil
        }
    }

    /// `time` on `date`, or the end of the speaker's working day when no time was given.
    private func instant(on date: LocalDate, at time: TimeOfDay?) -> Date {
        time.map { calendar.instant(on: date, at: $0) } ?? calendar.endOfDay(date)
    }

    /// `dec 3`, `3 december`, `3rd dec 2027`; nil when the words are not a month and a day, an error when
    /// they are but name no real date (`feb 30`), which must not fall through to another reading.
    private func readMonthDay(_ words: inout ArraySlice<String>, today: LocalDate) throws(TimeExpressionError) -> (date: LocalDate, recurs: Recurrence)? {
        let tokens = Array(words.prefix(3))
        func number(_ text: String) -> Int? { Int(text.trimmingSuffixes(["st", "nd", "rd", "th"])) }
        var month: Int?
        var day: Int?
        var used = 0
        if tokens.count >= 2, let m = Self.months[tokens[0]], let d = number(tokens[1]) {
            month = m; day = d; used = 2
        } else if tokens.count >= 2, let d = number(tokens[0]), let m = Self.months[tokens[1]] {
            month = m; day = d; used = 2
        }
        guard let month, let day else { return nil }
        if used < tokens.count, tokens[used].count == 4, let year = Int(tokens[used]) {
            let written = tokens[...used].joined(separator: " ")
            words = words.dropFirst(used + 1)
            guard let date = LocalDate(year: year, month: month, day: day) else { throw .noSuchDate(written) }
            return (date, .never)
        }
        let written = tokens[..<used].joined(separator: " ")
        words = words.dropFirst(used)
        let thisYear = LocalDate(year: today.year, month: month, day: day)
        if let thisYear, thisYear >= today { return (thisYear, .yearly) }
        guard let nextYear = LocalDate(year: today.year + 1, month: month, day: day) else { throw .noSuchDate(written) }
        return (nextYear, .yearly)
    }

    /// `15:00`, `9:30`, `3pm`, `3:30pm`, `3 pm`, `noon`.
    private func readClock(_ words: inout ArraySlice<String>) -> TimeOfDay? {
        guard let first = words.first else { return nil }
        if first == "noon" { words = words.dropFirst(); return TimeOfDay(hour: 12, minute: 0) }
        var text = first
        var consumed = 1
        if let next = words.dropFirst().first, next == "am" || next == "pm" {
            text += next
            consumed = 2
        }
        let meridiem = text.hasSuffix("am") ? "am" : text.hasSuffix("pm") ? "pm" : nil
        let digits = meridiem == nil ? text : String(text.dropLast(2))
        let parts = digits.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let hour = Int(parts[0]),
              parts.count == 1 || parts[1].count == 2, let minute = parts.count == 2 ? Int(parts[1]) : 0 else { return nil }
        var hour24 = hour
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            hour24 = hour % 12 + (meridiem == "pm" ? 12 : 0)
        } else if parts.count == 1 {
            return nil  // "by 3" could be a date or an hour
        }
        guard let time = TimeOfDay(hour: hour24, minute: minute), hour24 < 24 else { return nil }
        words = words.dropFirst(consumed)
        return time
    }

    // MARK: Calendar

    private func endOfWorkingDay(onOrAfter start: LocalDate) -> Date {
        var date = start
        for _ in 0..<370 {
            if calendar.isWorkingDay(date), calendar.endOfDay(date) > now { return calendar.endOfDay(date) }
            date = date.adding(days: 1)
        }
        return calendar.endOfDay(start)
    }

    private func endOfWorkingWeek(from today: LocalDate) -> Date {
        // The last working day from today up to Sunday; when none remains, next week's.
        var lastWorking: LocalDate?
        var date = today
        repeat {
            if calendar.isWorkingDay(date), calendar.endOfDay(date) > now { lastWorking = date }
            date = date.adding(days: 1)
        } while date.weekday != .monday
        guard let lastWorking else { return endOfWorkingWeek(from: date) }
        return calendar.endOfDay(lastWorking)
    }

    // MARK: Vocabulary

    /// Deadlines further out than this are typos, and would overflow the arithmetic of far-future instants.
    static let horizon: TimeInterval = 5 * 366 * 86_400
    /// The largest number `in N units` accepts: with weeks, still inside the horizon's order of magnitude.
    static let largestAmount = 10_000

    static let example = "by friday 3pm, by tomorrow, by eod, by dec 3 15:00, by 2026-12-03, in 3 working days, next monday 10:00"

    static func normalise(_ word: String) -> String {
        var word = word.lowercased()
        while let last = word.last, ",.;!?)".contains(last) { word.removeLast() }
        return word
    }

    static let weekdays: [String: Weekday] = {
        var names: [String: Weekday] = [:]
        for (day, spellings) in [
            (Weekday.monday, ["monday", "mon"]), (.tuesday, ["tuesday", "tue", "tues"]), (.wednesday, ["wednesday", "wed"]),
            (.thursday, ["thursday", "thu", "thur", "thurs"]), (.friday, ["friday", "fri"]), (.saturday, ["saturday", "sat"]),
            (.sunday, ["sunday", "sun"]),
        ] {
            for spelling in spellings { names[spelling] = day }
        }
        return names
    }()

    static let months: [String: Int] = {
        let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                     "november", "december"]
        var months: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            months[name] = index + 1
            months[String(name.prefix(3))] = index + 1
        }
        months["sept"] = 9
        return months
    }()

    static let numberWords = ["a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                              "eight": 8, "nine": 9, "ten": 10]
}

public enum TimeExpressionError: Error, Equatable, Sendable {
    case unreadable(understood: String, example: String)
    case ambiguous(String, example: String)
    case inThePast(Date)
    case tooFarAhead(Date)
    case noSuchDate(String)
}

extension LocalDate {
    public var weekday: Weekday { Weekday(daysSince1970: daysSince1970) }

    public var daysSince1970: Int {
        // Howard Hinnant's days-from-civil algorithm, the inverse of `init(daysSince1970:)`.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    func adding(days: Int) -> LocalDate {
        LocalDate(daysSince1970: daysSince1970 + days)
    }

    /// The next date that falls on `weekday`; today itself when `includingToday` and today is that day.
    func next(_ weekday: Weekday, includingToday: Bool) -> LocalDate {
        var offset = (weekday.rawValue - self.weekday.rawValue + 7) % 7
        if offset == 0, !includingToday { offset = 7 }
        return adding(days: offset)
    }
}

extension String {
    fileprivate func trimmingSuffixes(_ suffixes: [String]) -> String {
        for suffix in suffixes where hasSuffix(suffix) && count > suffix.count { return String(dropLast(suffix.count)) }
        return self
    }
}
