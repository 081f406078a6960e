import Foundation

/// Remembers which inbound events were handled, so a platform's retry has no second effect.
public protocol InboundEventLog: Sendable {
    /// Records the event; false when it was recorded before.
    func recordInboundEvent(_ eventID: String, platform: String, at: Date) async throws -> Bool
    /// Forgets an event whose handling failed, so the platform's retry is handled.
    func forgetInboundEvent(_ eventID: String, platform: String) async throws
    /// Forgets the events recorded before `instant`, long after any platform would send them again; returns how many.
    func forgetInboundEvents(recordedBefore instant: Date) async throws -> Int
}

/// How long a handled event is remembered: Slack retries for minutes and Synapse resends a transaction for hours
/// while Unhurried is unreachable; a week covers a long outage with room to spare.
public enum InboundEventRetention {
    public static let days = 7
    public static var interval: TimeInterval { TimeInterval(days) * 86_400 }
}
