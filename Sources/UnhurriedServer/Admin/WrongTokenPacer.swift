import Synchronization

/// Answers wrong admin tokens one at a time, `spacing` apart: however many guesses arrive together, this replica
/// answers them no faster than one per `spacing`. Past `longestQueue` every admin login is turned away at once, the
/// right token too, so that a quick refusal says nothing about the token.
final class WrongTokenPacer: Sendable {
    private let spacing: Duration
    private let longestQueue: Duration
    /// Time on the pacing clock since the pacer was made, and a sleep until such a time: the clock's own instants
    /// cannot be kept without making every user of the pacer generic over the clock.
    private let elapsed: @Sendable () -> Duration
    private let sleep: @Sendable (_ untilElapsed: Duration) async -> Void
    /// When, in `elapsed` time, the last queued wrong guess is answered.
    private let lastTurn = Mutex<Duration>(.zero)

    init<PacingClock: Clock<Duration>>(spacing: Duration, longestQueue: Duration = .seconds(60), clock: PacingClock) {
        self.spacing = spacing
        self.longestQueue = longestQueue
        let origin = clock.now
        elapsed = { origin.duration(to: clock.now) }
        sleep = { try? await clock.sleep(until: origin.advanced(by: $0), tolerance: nil) }
    }

    /// Whether one more wrong guess would wait longer than `longestQueue`.
    var isFull: Bool {
        let now = elapsed()
        return lastTurn.withLock { Self.turn(after: $0, now: now, spacing: spacing) - now > longestQueue }
    }

    /// Waits for this guess's turn; false when the queue is too long to wait in.
    func waitForTurn() async -> Bool {
        let now = elapsed()
        let turn: Duration? = lastTurn.withLock { last in
            let turn = Self.turn(after: last, now: now, spacing: spacing)
            guard turn - now <= longestQueue else { return nil }
            last = turn
            return turn
        }
        guard let turn else { return false }
        await sleep(turn)
        return true
    }

    private static func turn(after last: Duration, now: Duration, spacing: Duration) -> Duration {
        max(last, now) + spacing
    }
}
