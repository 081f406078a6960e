import Foundation
import Synchronization

/// Where the policy in force came from, when it was loaded, and why the last reload was refused, for the admin page.
/// Each replica keeps its own: each reads the file itself.
public final class PolicyStatus: Sendable {
    public struct State: Sendable, Equatable {
        /// Nil for the built-in policy.
        public var file: String?
        public var loadedAt: Date
        /// The problems of the last rejected reload, each with its line and column; nil once a reload succeeds.
        public var lastReloadError: String?
        public var lastReloadErrorAt: Date?
    }

    private let state: Mutex<State>

    public init(file: String?, loadedAt: Date) {
        state = Mutex(State(file: file, loadedAt: loadedAt))
    }

    public var current: State { state.withLock { $0 } }

    func reloaded(at instant: Date) {
        state.withLock {
            $0.loadedAt = instant
            $0.lastReloadError = nil
            $0.lastReloadErrorAt = nil
        }
    }

    func rejected(_ problems: String, at instant: Date) {
        state.withLock {
            $0.lastReloadError = problems
            $0.lastReloadErrorAt = instant
        }
    }
}
