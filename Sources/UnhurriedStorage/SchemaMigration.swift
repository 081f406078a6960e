/// One version of a store's schema: the statements that bring the previous version to it, run in one transaction.
struct SchemaMigration: Sendable {
    var version: Int
    var statements: [String]
}
