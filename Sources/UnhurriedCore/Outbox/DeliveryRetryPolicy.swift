import Foundation

/// When to try a failed post again: exponential backoff with jitter, the platform's Retry-After when it gave
/// one, and a limit after which the post is parked as dead for an operator to look at.
public struct DeliveryRetryPolicy: Sendable {
    public var firstDelay: Duration
    public var maximumDelay: Duration
    public var maximumAttempts: Int

    public init(firstDelay: Duration = .seconds(2), maximumDelay: Duration = .seconds(600), maximumAttempts: Int = 10) {
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    /// The next attempt after the `attemptsSoFar`-th failed one (counting it), or nil when the post should go dead.
    /// `jitter` in 0...1 spreads retries of many posts so they do not hit the platform together.
    public func nextAttempt(after failure: DeliveryFailure, attemptsSoFar: Int, now: Date, jitter: Double) -> Date? {
        if case .permanent = failure { return nil }
        guard attemptsSoFar < maximumAttempts else { return nil }
        if case .rateLimited(let seconds?) = failure {
            return now.addingTimeInterval(TimeInterval(seconds))
        }
        let exponent = min(max(attemptsSoFar - 1, 0), 30)
        let backoff = min(firstDelay.timeInterval * pow(2, Double(exponent)), maximumDelay.timeInterval)
        return now.addingTimeInterval(backoff * (0.8 + 0.4 * jitter))
    }
}
