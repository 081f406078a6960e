/// What words such as `mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00` say about someone's week, as `/hours`,
/// `/hours focus`, the policy file and the store write it.
public enum ScheduleWords: Equatable, Sendable {
    /// `mon-thu` alone: these days, each with the hours it had (a new day gets a usual day's).
    case days(Set<Weekday>)
    /// `08:00-12:00,13:00-17:00` alone: these blocks on every day worked so far.
    case blocks([ClockRange])
    /// Days each followed (or, for one group, preceded) by their blocks: the whole week, nothing kept.
    case week(WeeklySchedule)

    public enum Problem: Error, Equatable, Sendable {
        /// Neither days nor a time range such as `08:00-12:00`.
        case unreadable(String)
        /// Days given no blocks (`fri` in `mon-thu 08:00-12:00 fri`), or blocks no days.
        case unpaired(String)
    }

    /// Nil for no words at all. Days and blocks pair up as they come, so `08:00-16:00 mon-thu` reads as it always
    /// did; days named twice take the later blocks (`mon-fri 08:00-17:00 fri 08:00-12:00`).
    public static func read(_ words: [String]) throws(Problem) -> ScheduleWords? {
        var week = WeeklySchedule.empty
        var pairs = 0
        var pendingDays: (word: String, days: Set<Weekday>)?
        var pendingBlocks: (word: String, blocks: [ClockRange])?
        for word in words {
            if let days = Weekday.days(parsing: word) {
                if let pendingDays { throw .unpaired(pendingDays.word) }
                pendingDays = (word, days)
            } else if let blocks = ClockRange.blocks(parsing: word) {
                if let pendingBlocks { throw .unpaired(pendingBlocks.word) }
                pendingBlocks = (word, blocks)
            } else {
                throw .unreadable(word)
            }
            if let days = pendingDays, let blocks = pendingBlocks {
                week = week.setting(blocks.blocks, on: days.days)
                pairs += 1
                pendingDays = nil
                pendingBlocks = nil
            }
        }
        switch (pairs, pendingDays, pendingBlocks) {
        case (0, nil, nil): return nil
        case (0, let days?, nil): return .days(days.days)
        case (0, nil, let blocks?): return .blocks(blocks.blocks)
        case (_, nil, nil): return .week(week)
        case (_, let days?, _): throw .unpaired(days.word)
        case (_, _, let blocks?): throw .unpaired(blocks.word)
        }
    }

    /// These words as focus time: blocks alone hold on every day; days alone give no time, so nil.
    public var asFocus: WeeklySchedule? {
        switch self {
        case .week(let week): week
        case .blocks(let blocks): WeeklySchedule(days: Set(Weekday.allCases), blocks: blocks)
        case .days: nil
        }
    }

    /// `schedule` changed as these words say.
    public func applied(to schedule: WeeklySchedule) -> WeeklySchedule {
        switch self {
        case .days(let days): schedule.working(on: days)
        case .blocks(let blocks): schedule.withBlocks(blocks)
        case .week(let week): week
        }
    }
}

extension WeeklySchedule {
    /// Reads what `description` writes: days each with their blocks, or `none`.
    public init?(parsing text: String) {
        if text == Self.empty.description {
            self = .empty
            return
        }
        guard case .week(let week)? = try? ScheduleWords.read(text.split(separator: " ").map(String.init)) else { return nil }
        self = week
    }
}
