import Foundation
import UnhurriedCore

extension InMemoryStore {
    public func startAdminSession(_ session: AdminSession) async throws {
        try transaction { $0.adminSessions[session.id] = session }
    }

    public func adminSession(_ id: String, at now: Date) async throws -> AdminSession? {
        try transaction { database in database.adminSessions[id].flatMap { now < $0.expiresAt ? $0 : nil } }
    }

    public func endAdminSession(_ id: String) async throws {
        try transaction { $0.adminSessions[id] = nil }
    }

    public func forgetAdminSessions(expiredBy now: Date) async throws -> Int {
        try transaction { database in
            let expired = database.adminSessions.values.filter { $0.expiresAt <= now }.map(\.id)
            for id in expired { database.adminSessions[id] = nil }
            return expired.count
        }
    }
}
