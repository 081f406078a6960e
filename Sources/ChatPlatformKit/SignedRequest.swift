import Foundation

/// Why a request signed over its timestamp (Slack's, Discord's) was refused. Logged and counted, never shown to the
/// caller.
public enum SignedRequestFailure: String, Error, Sendable {
    case missingHeaders = "missing_headers"
    case malformedTimestamp = "malformed_timestamp"
    case outsideReplayWindow = "outside_replay_window"
    case malformedSignature = "malformed_signature"
    case signatureMismatch = "signature_mismatch"

    /// A signed request's headers, both present, with a timestamp (Unix seconds) within `tolerance` of `now` either
    /// way: one replayed later, or made with a clock far off, is refused before its signature is worked out.
    package static func freshHeaders(
        timestamp: String?, signature: String?, now: Date, tolerance: TimeInterval
    ) throws(SignedRequestFailure) -> (timestamp: String, signature: String) {
        guard let timestamp, let signature else { throw .missingHeaders }
        guard let seconds = Int64(timestamp) else { throw .malformedTimestamp }
        guard abs(now.timeIntervalSince1970 - TimeInterval(seconds)) <= tolerance else { throw .outsideReplayWindow }
        return (timestamp, signature)
    }
}
