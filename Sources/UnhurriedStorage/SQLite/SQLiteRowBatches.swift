/// Runs one statement over many rows of values, several rows per statement: a batch of writes costs a handful of
/// statements instead of one per row.
enum SQLiteRowBatches {
    /// The rows one statement takes, largest first. A batch is split into these sizes (50 rows: 32, 16 and 2), so
    /// each statement's SQL is one of a few texts the database keeps prepared: preparing a statement for each batch's
    /// own size took a tenth of a busy server's instructions. SQLite allows 32,766 values per statement; the widest
    /// row here binds 16.
    static let chunkSizes = [64, 32, 16, 8, 4, 2, 1]

    /// Runs `head VALUES (template), (template)… tail` over `rows` in chunks and returns every row the statements
    /// return (for `RETURNING`).
    @discardableResult
    static func run(
        _ head: String, rows: [[SQLiteData]], template: String, tail: String = "", on database: SQLiteDatabase
    ) throws -> [SQLiteRow] {
        var returned: [SQLiteRow] = []
        var start = 0
        while start < rows.count {
            let size = chunkSizes.first { $0 <= rows.count - start } ?? 1
            let chunk = rows[start..<start + size]
            let values = Array(repeating: template, count: size).joined(separator: ", ")
            returned += try database.query("\(head) VALUES \(values) \(tail)", chunk.flatMap { $0 }, keepingPrepared: true)
            start += size
        }
        return returned
    }
}
