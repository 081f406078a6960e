import ChatPlatformKit
import Crypto
import Foundation
import UnhurriedCore

/// The signature of a webhook post, as GitHub signs its webhooks: `sha256=` and the hex HMAC-SHA256 of the body's
/// exact bytes under the shared secret. A receiver computes the same and compares in constant time.
public enum WebhookSignature {
    public static let header = "X-Unhurried-Signature"
    private static let prefix = "sha256="

    public static func sign(_ body: Data, secret: String) -> String {
        prefix + Hex.string(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))))
    }

    /// Whether `signature` (the header's value) is `body`'s under `secret`, compared in constant time.
    public static func isValid(_ signature: String, for body: Data, secret: String) -> Bool {
        guard signature.hasPrefix(prefix), let mac = Hex.bytes(signature.dropFirst(prefix.count)) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: SymmetricKey(data: Data(secret.utf8)))
    }
}
