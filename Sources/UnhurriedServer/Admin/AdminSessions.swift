import ChatPlatformKit
import Crypto
import Foundation
import UnhurriedCore

/// The admin page's sessions, kept in the store: the cookie holds only a random 128-bit id, so nothing in it or in a
/// form can be checked against the admin token. Every replica sharing the store knows every session, a restart ends
/// none, logging out ends one, and each expires `lifetime` after it started.
struct AdminSessions: Sendable {
    static let cookieName = "unhurried_admin"
    /// Set on the login form only: its post must carry the same random value (a double-submit CSRF token).
    static let loginCookieName = "unhurried_admin_login"
    static let lifetime: TimeInterval = 8 * 3600

    let store: any AdminSessionStore

    /// A new session, from now until `lifetime` has passed; expired ones are forgotten first.
    func start(now: Date) async throws -> AdminSession {
        _ = try await store.forgetAdminSessions(expiredBy: now)
        let session = AdminSession(id: Self.randomValue(), csrf: Self.randomValue(), expiresAt: now.addingTimeInterval(Self.lifetime))
        try await store.startAdminSession(session)
        return session
    }

    /// The session a cookie names, if it has neither expired nor ended.
    func session(fromCookie id: String, now: Date) async throws -> AdminSession? {
        guard !id.isEmpty else { return nil }
        return try await store.adminSession(id, at: now)
    }

    func end(_ session: AdminSession) async throws {
        try await store.endAdminSession(session.id)
    }

    /// 128 random bits, in hex.
    static func randomValue() -> String {
        Hex.string(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) })
    }
}
