import Foundation
import Synchronization
import UnhurriedCore

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

    /// A publication goes to a wiki or a webhook, not to its channel's platform: it says nothing of the platform.
    func delivered(_ post: OutboxPost, at instant: Date) {
        guard post.kind.goesToChat else { return }
        states.withLock { $0[post.channel.platform, default: State()].lastSuccessAt = instant }
    }

    func failed(_ post: OutboxPost, error: String, at instant: Date) {
        guard post.kind.goesToChat else { return }
        states.withLock {
            $0[post.channel.platform, default: State()].lastError = error
            $0[post.channel.platform, default: State()].lastErrorAt = instant
        }
    }

    public func state(of platform: String) -> State {
        states.withLock { $0[platform] ?? State() }
    }
}
