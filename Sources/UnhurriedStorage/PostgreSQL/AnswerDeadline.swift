import NIOCore
import Synchronization

/// The time a call was given passed before it answered.
struct MissedAnswerDeadline: Error {}

/// The value of `call`, if it answers within `limit`; otherwise `MissedAnswerDeadline`, and the call is cancelled and left
/// to end, or not, by itself.
///
/// For calls that may never return. PostgresNIO 1.33 hands a query to a pooled connection with a write whose failure
/// nobody hears, so a query sent just as the server closes that connection (a restart, a failover) is never answered:
/// the pool forgets the closed connection, but its caller, and a background worker with it, would wait for good. The call
/// runs as a task of its own, which the caller's cancellation reaches, and so does the deadline: a call still waiting
/// for a pooled connection then leaves the pool's queue instead of running long after its caller gave up.
func answer<Value: Sendable>(
    within limit: TimeAmount, on eventLoop: any EventLoop, of call: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    let pending = PendingCall<Value>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            pending.start(call, answeringTo: continuation, within: limit, on: eventLoop)
        }
    } onCancel: {
        pending.cancel()
    }
}

/// One call of `answer(within:on:of:)`: whichever comes first, the call's outcome or the deadline, resumes the caller.
private final class PendingCall<Value: Sendable>: Sendable {
    private struct State {
        var caller: CheckedContinuation<Value, any Error>?
        var task: Task<Void, Never>?
        var cancelled = false
    }

    private let state = Mutex(State())

    func start(
        _ call: @escaping @Sendable () async throws -> Value, answeringTo caller: CheckedContinuation<Value, any Error>,
        within limit: TimeAmount, on eventLoop: any EventLoop
    ) {
        state.withLock { $0.caller = caller }
        let deadline = eventLoop.scheduleTask(in: limit) {
            self.finish(.failure(MissedAnswerDeadline()))
            self.cancel()
        }
        let task = Task {
            let outcome: Result<Value, any Error>
            do {
                outcome = .success(try await call())
            } catch {
                outcome = .failure(error)
            }
            deadline.cancel()
            self.finish(outcome)
        }
        let cancelled = state.withLock { state in
            state.task = task
            return state.cancelled
        }
        if cancelled { task.cancel() }
    }

    func cancel() {
        let task = state.withLock { state in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }

    private func finish(_ outcome: Result<Value, any Error>) {
        let caller = state.withLock { state in
            defer { state.caller = nil }
            return state.caller
        }
        caller?.resume(with: outcome)
    }
}
