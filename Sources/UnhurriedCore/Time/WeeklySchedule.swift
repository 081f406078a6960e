/// Which blocks of wall-clock time someone works on each day of the week: `mon-thu 08:00-12:00,13:00-17:00
/// fri 08:00-12:00`. Also the shape of focus time.
public struct WeeklySchedule: Hashable, Sendable, CustomStringConvertible {
    /// Indexed by `Weekday.rawValue - 1`; each day's blocks earliest first, none overlapping.
    private var blocksByDay: [[ClockRange]]

    public static let empty = WeeklySchedule(blocksByDay: Array(repeating: [], count: 7))

    private init(blocksByDay: [[ClockRange]]) {
        self.blocksByDay = blocksByDay
    }

    /// The same blocks on each of `days`, none on the others.
    public init(days: Set<Weekday>, blocks: [ClockRange]) {
        self = Self.empty.setting(blocks, on: days)
    }

    public func blocks(on day: Weekday) -> [ClockRange] {
        blocksByDay[day.rawValue - 1]
    }

    public var workingDays: Set<Weekday> {
        Set(Weekday.allCases.filter { !blocks(on: $0).isEmpty })
    }

    // A closure, not the key path `\.isEmpty`: applied through the key path machinery it cost some 5,000 instructions,
    // and the working calendar asks this at every step.
    public var isEmpty: Bool { blocksByDay.allSatisfy { $0.isEmpty } }

    /// The day with the most time in it, earliest in the week on a tie: what one day (`1d`) of working time means
    /// when days differ in length, and what a day given no hours of its own gets.
    public var usualBlocks: [ClockRange] {
        // Each day's length is added up once: every deadline counted in working days asks this.
        var usual = blocks(on: Weekday.weekOrder[0])
        var longest = Self.length(of: usual)
        for day in Weekday.weekOrder.dropFirst() {
            let dayBlocks = blocks(on: day)
            let length = Self.length(of: dayBlocks)
            if length > longest { (usual, longest) = (dayBlocks, length) }
        }
        return usual
    }

    /// Working time in the usual day: how long one working day (`1d`) is.
    public var usualDayLength: Duration { Self.length(of: usualBlocks) }

    /// When the working day on `day` ends: its last block's end, or a usual day's on a day without blocks (`by
    /// saturday` still means the end of a day).
    public func endOfDay(on day: Weekday) -> TimeOfDay {
        (blocks(on: day).last ?? usualBlocks.last)?.to ?? TimeOfDay(hour: 17, minute: 0)!
    }

    /// These hours with `blocks` on `days` instead of what those days had.
    public func setting(_ blocks: [ClockRange], on days: Set<Weekday>) -> WeeklySchedule {
        var changed = self
        for day in days { changed.blocksByDay[day.rawValue - 1] = blocks.sorted() }
        return changed
    }

    /// Working on exactly `days`: each keeps its own blocks, a new one gets a usual day's.
    public func working(on days: Set<Weekday>) -> WeeklySchedule {
        let usual = usualBlocks
        var changed = Self.empty
        for day in days { changed.blocksByDay[day.rawValue - 1] = blocks(on: day).isEmpty ? usual : blocks(on: day) }
        return changed
    }

    /// The same working days, each with `blocks`.
    public func withBlocks(_ blocks: [ClockRange]) -> WeeklySchedule {
        Self.empty.setting(blocks, on: workingDays)
    }

    /// `mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00`: days with the same blocks together, Monday first, in the
    /// form `ScheduleWords` reads back.
    public var description: String {
        var groups: [(days: [Weekday], blocks: [ClockRange])] = []
        for day in Weekday.weekOrder where !blocks(on: day).isEmpty {
            if let index = groups.firstIndex(where: { $0.blocks == blocks(on: day) }) {
                groups[index].days.append(day)
            } else {
                groups.append(([day], blocks(on: day)))
            }
        }
        guard !groups.isEmpty else { return "none" }
        return groups.map { "\(Weekday.listed($0.days)) \($0.blocks.listed)" }.joined(separator: " ")
    }

    private static func length(of blocks: [ClockRange]) -> Duration {
        blocks.reduce(.zero) { $0 + $1.length }
    }
}

extension Weekday {
    /// Monday to Sunday, the order people list a working week in.
    public static let weekOrder: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]

    /// Reads `mon-fri` (ranges may wrap, as in `sun-thu`), `mon,wed,fri`, `mon-wed,fri` or a single day.
    public static func days(parsing word: some StringProtocol) -> Set<Weekday>? {
        var days: Set<Weekday> = []
        for part in word.lowercased().split(separator: ",") {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(ends.count), let first = Weekday(shortName: String(ends[0])),
                  let last = Weekday(shortName: String(ends[ends.count - 1])) else { return nil }
            var day = first
            days.insert(day)
            while day != last {
                day = Weekday(rawValue: day.rawValue % 7 + 1)!
                days.insert(day)
            }
        }
        return days.isEmpty ? nil : days
    }

    /// `mon-thu`, `mon,wed,fri` or `mon-wed,fri`: runs of three or more days as ranges, in week order.
    static func listed(_ days: [Weekday]) -> String {
        let positions = days.compactMap { weekOrder.firstIndex(of: $0) }.sorted()
        var runs: [[Int]] = []
        for position in positions {
            if let last = runs.last?.last, last + 1 == position { runs[runs.count - 1].append(position) } else { runs.append([position]) }
        }
        return runs.flatMap { run -> [String] in
            let names = run.map { weekOrder[$0].shortName }
            return run.count >= 3 ? ["\(names[0])-\(names[names.count - 1])"] : names
        }.joined(separator: ",")
    }
}
