import Foundation
import Synchronization

/// Where the policy in force came from, when it was loaded, and why the last reload was refused, for the admin page.
/// Each replica keeps its own: each reads the file itself.
public final class PolicyStatus: Sendable {
    public struct State: Sendable, Equatable {
        /// Nil for the built-in policy.
        public var file: String?
        /// The text the policy in force was read from: what a what-if starts from, even after the file was changed
        /// into one that was refused. Nil for the built-in policy.
        public var appliedText: String?
        public var loadedAt: Date
        /// The problems of the last rejected reload, each with its line and column; nil once a reload succeeds.
        public var lastReloadError: String?
        public var lastReloadErrorAt: Date?
    }

    private let state: Mutex<State>

    public init(file: String?, appliedText: String?, loadedAt: Date) {
        state = Mutex(State(file: file, appliedText: appliedText, loadedAt: loadedAt))
    }

    public var current: State { state.withLock { $0 } }

    func reloaded(_ text: String?, at instant: Date) {
        state.withLock {
            $0.appliedText = text
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
