import NIOPosix

/// A SQLite database with a thread of its own: work on it runs there, one piece at a time, in the order it was asked
/// for, so a wait for the file's lock or an fsync blocks only this connection and never an event loop.
///
/// `perform` hands the thread a whole piece of work, such as a transaction of many statements, so it costs one
/// visit to the thread however many statements it runs.
package final class SQLiteConnection: Sendable {
    private let thread: NIOThreadPool
    // Touched only on `thread`, which runs one piece of work at a time, and by `close` once that thread has ended.
    private nonisolated(unsafe) let database: SQLiteDatabase

    private init(thread: NIOThreadPool, database: SQLiteDatabase) {
        self.thread = thread
        self.database = database
    }

    /// Opens (creating if needed) the database file at `path`; a statement waits up to `busyTimeout` milliseconds
    /// for another connection's lock on the file, then fails.
    package static func open(path: String, busyTimeout: Int32 = 10_000) throws -> SQLiteConnection {
        // Opening reads no more than the file's header: cheap enough to do here, before the thread exists.
        let database = try SQLiteDatabase(path: path, busyTimeout: busyTimeout)
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        return SQLiteConnection(thread: thread, database: database)
    }

    /// Runs `work` on the connection's thread and returns what it returned.
    package func perform<Value: Sendable>(_ work: @escaping @Sendable (SQLiteDatabase) throws -> Value) async throws -> Value {
        try await thread.runIfActive { try work(self.database) }
    }

    /// Hands `work` to the connection's thread and returns at once; `work` runs after what was handed over before it.
    /// If the connection is closed, `refused` runs instead, with the reason.
    package func submit(_ work: @escaping @Sendable (SQLiteDatabase) -> Void, refused: @escaping @Sendable (any Error) -> Void) {
        thread.submit { state in
            switch state {
            case .active: work(self.database)
            case .cancelled: refused(NIOThreadPoolError.ThreadPoolInactive())
            }
        }
    }

    /// Runs one statement on the connection's thread.
    @discardableResult
    package func query(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        try await perform { try $0.query(sql, binds) }
    }

    /// Stops the thread, which ends the work in hand and turns away the rest, then closes the database. Neither step
    /// heeds cancellation, so a store closed by a cancelled task still lets go of its file.
    package func close() async throws {
        try await thread.shutdownGracefully()
        database.close()
    }
}
