/// Runs one statement over many rows of values, a few hundred rows per statement: each statement is prepared,
/// bound and stepped on its own, so a batch of writes costs a handful of statements instead of one per row.
enum SQLiteRowBatches {
    /// SQLite allows at most 32,766 bound values per statement; the widest row here binds 16.
    static let rowsPerStatement = 500

    /// Runs `head VALUES (template), (template)… tail` over `rows` in chunks and returns every row the statements
    /// return (for `RETURNING`).
    @discardableResult
    static func run(
        _ head: String, rows: [[SQLiteData]], template: String, tail: String = "", on database: SQLiteDatabase
    ) throws -> [SQLiteRow] {
        var returned: [SQLiteRow] = []
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + rowsPerStatement, rows.count)]
            let values = Array(repeating: template, count: chunk.count).joined(separator: ", ")
            returned += try database.query("\(head) VALUES \(values) \(tail)", chunk.flatMap { $0 })
            start += chunk.count
        }
        return returned
    }
}
