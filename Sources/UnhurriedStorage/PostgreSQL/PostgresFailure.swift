import PostgresNIO

extension PSQLError {
    /// What went wrong, for logs and operators: the server's message and SQLSTATE, or why no connection was made.
    /// PostgresNIO's own description hides everything, and its debug description carries the query's values.
    var summary: String {
        if let serverInfo, let message = serverInfo[.message] {
            let state = serverInfo[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let detail = serverInfo[.detail].map { ": \($0)" } ?? ""
            return "PostgreSQL: \(message)\(detail)\(state)"
        }
        return "PostgreSQL: \(code)\(underlying.map { ": \($0)" } ?? "")"
    }
}

/// Runs `work`, turning PostgresNIO's errors into ones that say what happened.
func describingPostgresErrors<Value>(_ work: () async throws -> Value) async throws -> Value {
    do {
        return try await work()
    } catch {
        throw described(error)
    }
}

/// `error` as the store reports it. A failed transaction is reported as the error that failed it: PostgresNIO's
/// wrapper prints the failed statement's debug description, values and all.
private func described(_ error: any Error) -> any Error {
    switch error {
    case let error as PSQLError:
        return StoreError.database(error.summary)
    case let error as PostgresTransactionError:
        guard let cause = error.beginError ?? error.closureError ?? error.commitError else {
            return StoreError.database("PostgreSQL: the transaction failed")
        }
        return described(cause)
    default:
        return error
    }
}
