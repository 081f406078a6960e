import Foundation

/// A signed-in admin: a random id (the only thing the browser's cookie holds), the CSRF token every form of the session
/// carries, and when it ends.
public struct AdminSession: Sendable, Equatable {
    public var id: String
    public var csrf: String
    public var expiresAt: Date

    public init(id: String, csrf: String, expiresAt: Date) {
        self.id = id
        self.csrf = csrf
        self.expiresAt = expiresAt
    }
}

/// Where admin sessions are kept, so that they work on every replica and outlive a restart, and end when they expire or
/// their admin logs out.
public protocol AdminSessionStore: Sendable {
    func startAdminSession(_ session: AdminSession) async throws
    /// The session `id` names, unless it has expired by `now` or ended.
    func adminSession(_ id: String, at now: Date) async throws -> AdminSession?
    func endAdminSession(_ id: String) async throws
    /// Forgets every session expired by `now`; returns how many.
    func forgetAdminSessions(expiredBy now: Date) async throws -> Int
}
