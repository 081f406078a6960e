import Foundation
import UnhurriedCore

extension SQLiteStore {
    public func startAdminSession(_ session: AdminSession) async throws {
        try await write { database in
            _ = try database.query(
                "INSERT INTO admin_sessions (id, csrf, expires_at_ms) VALUES (?, ?, ?)",
                [.text(session.id), .text(session.csrf), .integer(session.expiresAt.milliseconds)])
        }
    }

    public func adminSession(_ id: String, at now: Date) async throws -> AdminSession? {
        try await read("SELECT * FROM admin_sessions WHERE id = ? AND expires_at_ms > ?", [.text(id), .integer(now.milliseconds)])
            .first.map(StoredRows.adminSession)
    }

    public func endAdminSession(_ id: String) async throws {
        try await write { database in
            _ = try database.query("DELETE FROM admin_sessions WHERE id = ?", [.text(id)])
        }
    }

    public func forgetAdminSessions(expiredBy now: Date) async throws -> Int {
        try await write { database in
            try database.query("DELETE FROM admin_sessions WHERE expires_at_ms <= ? RETURNING id", [.integer(now.milliseconds)]).count
        }
    }
}
