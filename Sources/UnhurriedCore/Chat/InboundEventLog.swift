import Foundation

/// Remembers which inbound events were handled, so a platform's retry has no second effect.
public protocol InboundEventLog: Sendable {
    /// Records the event; false when it was recorded before.
    func recordInboundEvent(_ eventID: String, platform: String, at: Date) async throws -> Bool
    /// Forgets an event whose handling failed, so the platform's retry is handled.
    func forgetInboundEvent(_ eventID: String, platform: String) async throws
}
