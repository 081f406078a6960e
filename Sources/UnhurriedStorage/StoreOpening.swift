import Logging
import UnhurriedCore

/// Opens the store a `--database` URL names, creating and migrating it as needed.
public func openStore(databaseURL: String, logger: Logger) async throws -> any ClosableStore {
    switch try DatabaseLocation(url: databaseURL) {
    case .sqliteFile(let path):
        let store = try await SQLiteStore.open(path: path, logger: logger)
        logger.info("Opened SQLite store", metadata: ["path": "\(path)"])
        return store
    case .postgres(let server):
        let store = try await PostgresStore.open(server, logger: logger)
        // The URL's password stays out of the log.
        logger.info("Opened PostgreSQL store", metadata: [
            "host": "\(server.host):\(server.port)", "database": "\(server.database)", "user": "\(server.username)",
        ])
        return store
    }
}
