import UnhurriedCore

/// A store the process opened and closes before it exits.
public protocol ClosableStore: UnhurriedStore {
    func close() async throws
}

extension SQLiteStore: ClosableStore {}
extension PostgresStore: ClosableStore {}
