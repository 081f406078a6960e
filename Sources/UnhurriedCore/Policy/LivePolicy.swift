import Synchronization

/// The policy in force, replaced as a whole when the admin's file is reloaded. Readers take a snapshot per
/// command, so one command never sees half of an old policy and half of a new one.
public final class LivePolicy: Sendable {
    private let state: Mutex<ResponsePolicy>

    public init(_ policy: ResponsePolicy) {
        state = Mutex(policy)
    }

    public var current: ResponsePolicy { state.withLock { $0 } }

    public func replace(with policy: ResponsePolicy) {
        state.withLock { $0 = policy }
    }
}
