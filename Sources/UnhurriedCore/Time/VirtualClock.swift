import Foundation
import Synchronization

/// A clock that stands still until it is moved: `simulate` and the tests run days of team time through it in
/// milliseconds.
public final class VirtualClock: WallClock {
    private let current: Mutex<Date>

    public init(_ start: Date) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    /// Moves the clock to `instant`; it never goes back.
    public func move(to instant: Date) {
        current.withLock { $0 = max($0, instant) }
    }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(max(0, seconds)) }
    }
}
