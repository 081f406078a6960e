import Foundation
import Synchronization

/// What this process's delivery worker last saw of each platform: when a post last went through and the last error.
/// Kept in memory, per replica: it is what the admin page shows beside the durable outbox, and it starts empty after a
/// restart (the metrics count the same events across replicas).
public final class PlatformActivity: Sendable {
    public struct State: Sendable, Equatable {
        public var lastSuccessAt: Date?
        public var lastError: String?
        public var lastErrorAt: Date?
    }

    private let states = Mutex<[String: State]>([:])

    public init() {}

    func delivered(platform: String, at instant: Date) {
        states.withLock { $0[platform, default: State()].lastSuccessAt = instant }
    }

    func failed(platform: String, error: String, at instant: Date) {
        states.withLock {
            $0[platform, default: State()].lastError = error
            $0[platform, default: State()].lastErrorAt = instant
        }
    }

    public func state(of platform: String) -> State {
        states.withLock { $0[platform] ?? State() }
    }
}
