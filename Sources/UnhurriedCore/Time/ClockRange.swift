/// A span of wall-clock time within one day, `08:00-12:00`: one working block, or one block of focus time.
public struct ClockRange: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let from: TimeOfDay
    public let to: TimeOfDay

    public init?(from: TimeOfDay, to: TimeOfDay) {
        guard from < to else { return nil }
        self.from = from
        self.to = to
    }

    /// Reads `08:00-12:00`; a range that ends before it starts (across midnight) is not one.
    public init?(parsing text: some StringProtocol) {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count == 2, let from = TimeOfDay(parsing: ends[0]), let to = TimeOfDay(parsing: ends[1]) else { return nil }
        self.init(from: from, to: to)
    }

    /// Reads `08:00-12:00,13:00-17:00`: a day's blocks, earliest first, none overlapping another.
    public static func blocks(parsing text: some StringProtocol) -> [ClockRange]? {
        var blocks: [ClockRange] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let block = ClockRange(parsing: part) else { return nil }
            blocks.append(block)
        }
        blocks.sort()
        for (earlier, later) in zip(blocks, blocks.dropFirst()) where later.from < earlier.to { return nil }
        return blocks
    }

    public var length: Duration { .seconds((to.minutesAfterMidnight - from.minutesAfterMidnight) * 60) }
    public var description: String { "\(from)-\(to)" }

    public static func < (lhs: ClockRange, rhs: ClockRange) -> Bool {
        (lhs.from, lhs.to) < (rhs.from, rhs.to)
    }
}

extension [ClockRange] {
    /// `08:00-12:00,13:00-17:00`, the form `ClockRange.blocks(parsing:)` reads.
    public var listed: String { map(\.description).joined(separator: ",") }
}
