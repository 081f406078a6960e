import ChatPlatformKit
import Crypto
import Foundation
import UnhurriedCore

/// Checks the Ed25519 signature Discord puts on every interaction, over the timestamp and the raw body, before
/// anything is parsed. Discord probes the endpoint with bad signatures now and then, and removes an endpoint that
/// takes one.
public struct DiscordRequestVerifier: Sendable {
    /// Discord documents no replay window; a signed request older or newer than this is refused all the same, as
    /// Slack's are.
    public static let tolerance: TimeInterval = 5 * 60

    let publicKey: Curve25519.Signing.PublicKey

    public init(publicKey: Curve25519.Signing.PublicKey) {
        self.publicKey = publicKey
    }

    public func verify(
        body: some Collection<UInt8>, timestamp: String?, signature: String?, now: Date
    ) throws(SignedRequestFailure) {
        let (timestamp, signature) = try SignedRequestFailure.freshHeaders(timestamp: timestamp, signature: signature, now: now, tolerance: Self.tolerance)
        guard let signatureBytes = Hex.bytes(signature[...]), signatureBytes.count == 64 else { throw .malformedSignature }
        var signed = Array(timestamp.utf8)
        signed.append(contentsOf: body)
        guard publicKey.isValidSignature(signatureBytes, for: signed) else { throw .signatureMismatch }
    }
}
