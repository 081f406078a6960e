import Foundation

/// The source of "now". Injected everywhere time matters, so tests can run days of team time at once.
public protocol WallClock: Sendable {
    var now: Date { get }
}

public struct SystemClock: WallClock {
    public init() {}
    public var now: Date { Date() }
}
