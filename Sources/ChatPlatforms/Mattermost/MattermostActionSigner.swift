import ChatPlatformKit
import Crypto
import Foundation
import UnhurriedCore

/// Mattermost signs nothing it sends to an integration, so each button carries a signature of what it does,
/// made with a server secret: a click is honoured only for a button Unhurried itself rendered.
public struct MattermostActionSigner: Sendable {
    private let key: SymmetricKey

    public init(secret: String) {
        key = SymmetricKey(data: Data(secret.utf8))
    }

    public func signature(action: String, itemID: ItemID, teamID: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Self.signed(action: action, itemID: itemID, teamID: teamID), using: key)
            .withUnsafeBytes { Hex.string($0) }
    }

    /// Compares in constant time.
    public func isValid(_ signature: String, action: String, itemID: ItemID, teamID: String) -> Bool {
        guard let bytes = Hex.bytes(Substring(signature)), bytes.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: Self.signed(action: action, itemID: itemID, teamID: teamID), using: key)
    }

    private static func signed(action: String, itemID: ItemID, teamID: String) -> Data {
        Data("\(teamID)\n\(itemID.rawValue)\n\(action)".utf8)
    }
}
