import ChatPlatformKit
import Crypto
import Foundation

/// The admin page's sessions: a cookie that carries its own expiry and an HMAC over it, under a key derived from the
/// admin token. Any replica that has the same token checks it without storage; a restart keeps sessions while the
/// token stays; changing the token ends them all. Every form carries a CSRF token, the HMAC of the session's id.
struct AdminSessions: Sendable {
    static let cookieName = "unhurried_admin"
    /// Set on the login form only, so that its post carries a token tied to the browser that asked for it.
    static let loginCookieName = "unhurried_admin_login"
    static let lifetime: TimeInterval = 8 * 3600

    struct Session: Sendable, Equatable {
        var id: String
        var expiresAt: Date
        var cookieValue: String
    }

    private let key: SymmetricKey

    init(adminToken: String) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(adminToken.utf8)), info: Data("unhurried admin session v1".utf8), outputByteCount: 32)
    }

    /// A new session, from now until `lifetime` has passed.
    func start(now: Date) -> Session {
        let id = Self.randomID()
        let expiry = Int(now.timeIntervalSince1970 + Self.lifetime)
        let signed = "\(expiry).\(id)"
        return Session(id: id, expiresAt: Date(timeIntervalSince1970: Double(expiry)), cookieValue: "\(signed).\(mac("session.\(signed)"))")
    }

    /// The session a cookie names, if this token signed it and it has not expired.
    func session(fromCookie value: String, now: Date) -> Session? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let expiry = Int(parts[0]) else { return nil }
        let signed = "\(parts[0]).\(parts[1])"
        guard SecretComparison.matches(String(parts[2]), mac("session.\(signed)")) else { return nil }
        let expiresAt = Date(timeIntervalSince1970: Double(expiry))
        guard now < expiresAt else { return nil }
        return Session(id: String(parts[1]), expiresAt: expiresAt, cookieValue: value)
    }

    func csrfToken(for session: Session) -> String {
        mac("csrf.\(session.id)")
    }

    func acceptsCSRFToken(_ presented: String, for session: Session) -> Bool {
        SecretComparison.matches(presented, csrfToken(for: session))
    }

    /// The login form's token, for the nonce its cookie holds.
    func loginToken(forNonce nonce: String) -> String {
        mac("login.\(nonce)")
    }

    static func randomID() -> String {
        Hex.string(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) })
    }

    private func mac(_ text: String) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key))
    }
}
