import Logging
import UnhurriedCore
import UnhurriedStorage

/// Opens the store a `--database` URL names, creating and migrating it as needed.
public func openStore(databaseURL: String, logger: Logger) async throws -> SQLiteStore {
    switch try DatabaseLocation(url: databaseURL) {
    case .sqliteFile(let path):
        let store = try await SQLiteStore.open(path: path, logger: logger)
        logger.info("Opened SQLite store", metadata: ["path": "\(path)"])
        return store
    }
}
