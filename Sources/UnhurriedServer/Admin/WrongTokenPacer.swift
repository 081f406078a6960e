import Synchronization

/// Answers wrong admin tokens one at a time, `spacing` apart: however many guesses arrive together, this replica
/// answers them no faster than one per `spacing`, and the right token is never held back. Past a minute's queue a
/// guess is turned away at once rather than held.
final class WrongTokenPacer: Sendable {
    static let longestQueue: Duration = .seconds(60)

    private let spacing: Duration
    private let nextAnswer = Mutex<ContinuousClock.Instant>(.now)

    init(spacing: Duration) {
        self.spacing = spacing
    }

    /// Waits for this guess's turn; false when the queue is too long to wait in.
    func waitForTurn() async -> Bool {
        let now = ContinuousClock.now
        let turn: ContinuousClock.Instant? = nextAnswer.withLock { next in
            let turn = max(next, now) + spacing
            guard turn - now <= Self.longestQueue else { return nil }
            next = turn
            return turn
        }
        guard let turn else { return false }
        try? await Task.sleep(until: turn, clock: .continuous)
        return true
    }
}
