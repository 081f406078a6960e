import Foundation

/// Durations as policies write them: `90s`, `30m`, `4h`, `1d`, `3d`, or combined as `1d4h`.
///
/// In working-time counting a day is one working day of the person's (to − from) hours, so `d` is kept apart
/// from hours until a schedule is known.
public struct PolicyDuration: Hashable, Sendable, CustomStringConvertible {
    public var days: Int
    public var seconds: Int

    public init(days: Int = 0, seconds: Int = 0) {
        self.days = days
        self.seconds = seconds
    }

    /// Policies count in days, hours and minutes; ten years is far beyond any response window and keeps the
    /// arithmetic of deadlines far from overflow.
    public static let longestDays = 3_650

    public init?(parsing text: String) {
        var days = 0
        var seconds = 0
        var number = ""
        var sawUnit = false
        for character in text.trimmingCharacters(in: .whitespaces).lowercased() {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            guard number.count <= 9, let value = Int(number) else { return nil }
            switch character {
            case "d": days += value
            case "h": seconds += value * 3600
            case "m": seconds += value * 60
            case "s": seconds += value
            default: return nil
            }
            guard days + seconds / 86_400 <= Self.longestDays else { return nil }
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit else { return nil }
        self.days = days
        self.seconds = seconds
    }

    public var isZero: Bool { days == 0 && seconds == 0 }

    /// The length in a schedule whose working day is `dayLength` long (24 h for calendar counting).
    public func length(workingDay dayLength: Duration) -> Duration {
        dayLength * days + .seconds(seconds)
    }

    public var description: String {
        var parts: [String] = []
        if days > 0 { parts.append("\(days)d") }
        var rest = seconds
        for (unit, size) in [("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            parts.append("\(rest / size)\(unit)")
            rest %= size
        }
        return parts.isEmpty ? "0s" : parts.joined()
    }
}
