import PostgresNIO

/// A statement PostgreSQL parses once per connection and, once a few runs have planned it alike, plans once: with
/// three replicas asking, parsing and planning each ask's statements anew took over a third of PostgreSQL's time, so
/// the statements every ask runs are prepared. Its SQL names its values `$1`, `$2`, … in the order of `bindings`, and:
/// - selects its columns by name: a prepared result keeps its columns, so `*` would fail once a column is added;
/// - takes a value that may be NULL only where its column gives its type: PostgresNIO sends NULL without a type, and
///   the first run on a connection fixes the types of its values;
/// - fails once on each connection that prepared it if a migration changes the type of a column it reads (the
///   failed run closes the connection: see `PostgresStore.onConnectionClosedOnFailure`).
protocol PreparedStoreStatement: PostgresPreparedStatement where Row == PostgresRow {
    var bindings: PostgresBindings { get }
}

extension PreparedStoreStatement {
    func makeBindings() -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}
