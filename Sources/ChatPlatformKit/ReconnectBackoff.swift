/// How long a listener that keeps a connection open (Mattermost's WebSocket, Discord's Gateway) waits before it
/// connects again: a second at first, doubling up to a minute; after a connection that lasted longer than that, a
/// second again.
package struct ReconnectBackoff: Sendable {
    private static let firstWait = Duration.seconds(1)
    private static let longestWait = Duration.seconds(60)

    private var wait = firstWait

    package init() {}

    /// The wait after an attempt begun at `started` has ended; the next one is twice as long.
    package mutating func wait(afterAttemptStartedAt started: ContinuousClock.Instant) -> Duration {
        if ContinuousClock.now - started > Self.longestWait { wait = Self.firstWait }
        defer { wait = min(wait * 2, Self.longestWait) }
        return wait
    }
}
