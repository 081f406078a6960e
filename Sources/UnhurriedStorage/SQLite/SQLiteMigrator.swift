import Foundation
import UnhurriedCore
import Logging

/// Brings a database to the newest schema version, one version per transaction, never dropping data.
struct SQLiteMigrator {
    let connection: SQLiteConnection
    let logger: Logger
    /// All of them, except in tests that build an old database to upgrade.
    var migrations = SQLiteMigrations.all

    /// Each step reads the version inside its own write transaction, so a process that opened the file at the
    /// same moment (and waited for the lock) finds the steps already taken instead of taking them again.
    func migrate() async throws {
        _ = try await connection.query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL)")
        let newest = migrations.last?.version ?? 0
        while true {
            _ = try await connection.query("BEGIN IMMEDIATE")
            do {
                let rows = try await connection.query("SELECT coalesce(max(version), 0) AS version FROM schema_migrations")
                let current = rows.first?.column("version")?.integer ?? 0
                guard current <= newest else { throw StoreError.schemaNewerThanRelease(found: current, known: newest) }
                guard let migration = migrations.first(where: { $0.version > current }) else {
                    _ = try await connection.query("COMMIT")
                    return
                }
                for statement in migration.statements {
                    _ = try await connection.query(statement)
                }
                _ = try await connection.query(
                    "INSERT INTO schema_migrations (version, applied_at_ms) VALUES (?, ?)",
                    [.integer(migration.version), .integer(Date().milliseconds)])
                _ = try await connection.query("COMMIT")
                logger.info("Migrated database schema", metadata: ["version": "\(migration.version)"])
            } catch {
                _ = try? await connection.query("ROLLBACK")
                throw error
            }
        }
    }
}
