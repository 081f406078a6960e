import Foundation
import Synchronization

/// One question to the people directory that several asks wait on, each for as long as it can afford: an ask waits a
/// short budget, the correction that follows it waits for the answer itself.
final class PendingAnswer: Sendable {
    private enum State {
        case waiting([UUID: CheckedContinuation<DirectoryAnswer?, Never>])
        case answered(DirectoryAnswer)
    }

    private let state = Mutex(State.waiting([:]))

    /// Gives every waiter, present and future, the directory's answer.
    func resolve(_ answer: DirectoryAnswer) {
        let waiters = state.withLock { state -> [CheckedContinuation<DirectoryAnswer?, Never>] in
            guard case .waiting(let waiters) = state else { return [] }
            state = .answered(answer)
            return Array(waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: answer) }
    }

    /// The answer, or nil when the waiting task is cancelled first; the question itself goes on for the other waiters.
    func value() async -> DirectoryAnswer? {
        let id = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> DirectoryAnswer?? in
                    switch state {
                    case .answered(let answer): return .some(answer)
                    case .waiting(var waiters):
                        if Task.isCancelled { return .some(nil) }
                        waiters[id] = continuation
                        state = .waiting(waiters)
                        return .none
                    }
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<DirectoryAnswer?, Never>? in
                guard case .waiting(var waiters) = state else { return nil }
                let waiter = waiters.removeValue(forKey: id)
                state = .waiting(waiters)
                return waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    /// The answer if it comes within `budget`, else nil.
    func value(within budget: Duration) async -> DirectoryAnswer? {
        await withTaskGroup(of: DirectoryAnswer?.self) { group in
            group.addTask { await self.value() }
            group.addTask { try? await Task.sleep(for: budget); return nil }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
