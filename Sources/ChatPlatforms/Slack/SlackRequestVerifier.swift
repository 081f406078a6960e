import ChatPlatformKit
import Crypto
import Foundation
import UnhurriedCore

/// Checks Slack's v0 request signature over the raw body bytes, before anything is parsed.
///
/// Several signing secrets may be configured so a secret can be rotated without downtime; a request signed
/// with any of them is accepted.
public struct SlackRequestVerifier: Sendable {
    /// Slack's replay window, applied in both directions.
    public static let tolerance: TimeInterval = 5 * 60

    /// One HMAC per secret with the key already hashed in: each request copies one and adds only its own bytes.
    private let keyedMACs: [HMAC<SHA256>]

    public init(signingSecrets: [String]) {
        keyedMACs = signingSecrets.map { HMAC<SHA256>(key: SymmetricKey(data: Data($0.utf8))) }
    }

    public func verify(
        body: some Collection<UInt8>, timestamp: String?, signature: String?, now: Date
    ) throws(SignedRequestFailure) {
        let (timestamp, signature) = try SignedRequestFailure.freshHeaders(timestamp: timestamp, signature: signature, now: now, tolerance: Self.tolerance)
        guard signature.hasPrefix("v0="), let mac = Hex.bytes(signature.dropFirst(3)), mac.count == SHA256.byteCount
        else { throw .malformedSignature }
        let prefix = Array("v0:\(timestamp):".utf8)
        guard keyedMACs.contains(where: { keyed in
            var signed = keyed
            signed.update(data: prefix)
            if body.withContiguousStorageIfAvailable({ signed.update(data: UnsafeRawBufferPointer($0)) }) == nil {
                signed.update(data: Array(body))
            }
            // A code compares with bytes in constant time.
            return signed.finalize() == mac
        }) else {
            throw .signatureMismatch
        }
    }
}
