import UnhurriedCore

/// A store the process opens, runs while it works and closes before it exits: each command, `serve` included, runs it
/// around its work (`withRunningStore`), so it stops after everything that uses it.
public protocol ClosableStore: UnhurriedStore {
    /// Keeps going what the store needs while it is used — PostgreSQL's connection pool answers queries only while
    /// this runs — until `close()`, cancellation or a graceful shutdown. A store with nothing to run returns at once.
    func run() async
    /// Ends `run()` and releases the store; later calls fail.
    func close() async throws
}

extension SQLiteStore: ClosableStore {
    /// SQLite's connections need nothing running beside them.
    public func run() async {}
}

extension InMemoryStore {
    public func run() async {}
}

extension PostgresStore: ClosableStore {}
