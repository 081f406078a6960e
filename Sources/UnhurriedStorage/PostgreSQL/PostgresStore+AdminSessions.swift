import Foundation
import PostgresNIO
import UnhurriedCore

extension PostgresStore {
    public func startAdminSession(_ session: AdminSession) async throws {
        _ = try await rows("""
            INSERT INTO admin_sessions (id, csrf, expires_at_ms) VALUES (\(session.id), \(session.csrf), \(session.expiresAt.milliseconds))
            """)
    }

    public func adminSession(_ id: String, at now: Date) async throws -> AdminSession? {
        try await rows("SELECT * FROM admin_sessions WHERE id = \(id) AND expires_at_ms > \(now.milliseconds)").first.map(StoredRows.adminSession)
    }

    public func endAdminSession(_ id: String) async throws {
        _ = try await rows("DELETE FROM admin_sessions WHERE id = \(id)")
    }

    public func forgetAdminSessions(expiredBy now: Date) async throws -> Int {
        try await rows("DELETE FROM admin_sessions WHERE expires_at_ms <= \(now.milliseconds) RETURNING id").count
    }
}
