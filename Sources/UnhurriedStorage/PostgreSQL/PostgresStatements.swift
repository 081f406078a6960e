import Logging
import PostgresNIO

/// Runs the store's statements and returns their rows: each statement on any pooled connection, or all of them on
/// the one connection of a transaction.
struct PostgresStatements: Sendable {
    private enum Place: Sendable {
        case pool(PostgresStore)
        case transaction(PostgresConnection, Logger)
    }

    private let place: Place

    static func pool(of store: PostgresStore) -> Self { Self(place: .pool(store)) }

    static func transaction(on connection: PostgresConnection, logger: Logger) -> Self {
        Self(place: .transaction(connection, logger))
    }

    func callAsFunction(_ query: PostgresQuery) async throws -> [PostgresStoredRow] {
        switch place {
        case .pool(let store): try await store.rows(query)
        case .transaction(let connection, let logger): try await Self.stored(connection.query(query, logger: logger))
        }
    }

    func callAsFunction(_ statement: some PreparedStoreStatement) async throws -> [PostgresStoredRow] {
        switch place {
        case .pool(let store): try await store.rows(statement)
        case .transaction(let connection, let logger): try await Self.stored(connection.execute(statement, logger: logger))
        }
    }

    /// A statement's rows, each decoded as it arrives.
    static func stored(_ rows: some AsyncSequence<PostgresRow, any Error>) async throws -> [PostgresStoredRow] {
        var stored: [PostgresStoredRow] = []
        for try await row in rows {
            stored.append(try PostgresStoredRow(row, names: stored.last?.names))
        }
        return stored
    }
}
