import CSQLite
import Foundation

/// An open SQLite database, used by one thread at a time (its `SQLiteConnection`'s).
///
/// It keeps the statements it has prepared, keyed by their SQL, so a statement run again is reset and bound anew
/// rather than parsed and planned anew: preparing took about a quarter of a warm ask's instructions.
package final class SQLiteDatabase {
    private let handle: OpaquePointer
    private var isOpen = true
    private var statements: [StatementText: PreparedStatement] = [:]

    /// Statements whose SQL varies with the number of values (`IN (?, ?, …)`) would grow the cache without end; past
    /// this many it starts again.
    static let cachedStatementLimit = 256
    /// A statement with more values than this is likely built for one call's number of values (a long `IN` list)
    /// and large: it is prepared, run and finalised, not kept, unless its caller knows it comes in a few shapes only.
    static let keptPlaceholderLimit = 32

    /// A kept statement's SQL as its key. Hashed by its length and two words of its bytes, middle and end, which
    /// tell the store's statements apart: hashing every byte of a statement's SQL on every query cost as much as
    /// binding its values. Equal keys are the same bytes, as SQLite reads them.
    private struct StatementText: Hashable {
        let sql: String

        static func == (lhs: Self, rhs: Self) -> Bool {
            var (left, right) = (lhs.sql, rhs.sql)
            // `memcmp`: a loop over a statement's few hundred bytes, one at a time, cost some 4,000 instructions a look-up.
            return left.withUTF8 { left in
                right.withUTF8 { right in
                    left.count == right.count && (left.isEmpty || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0)
                }
            }
        }

        func hash(into hasher: inout Hasher) {
            var sql = sql
            sql.withUTF8 { bytes in
                hasher.combine(bytes.count)
                guard bytes.count >= 8 else { return hasher.combine(bytes: UnsafeRawBufferPointer(bytes)) }
                let raw = UnsafeRawBufferPointer(bytes)
                hasher.combine(raw.loadUnaligned(fromByteOffset: bytes.count / 2 - 4, as: UInt64.self))
                hasher.combine(raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self))
            }
        }
    }

    private struct PreparedStatement {
        let pointer: OpaquePointer
        let columnNames: [String]
        /// How often SQLite had prepared it again when `columnNames` were read.
        let reprepares: Int32
    }

    private static func columnNames(of statement: OpaquePointer) -> [String] {
        (0..<sqlite3_column_count(statement)).map { sqlite3_column_name(statement, $0).map { String(cString: $0) } ?? "" }
    }

    private static func reprepareCount(of statement: OpaquePointer) -> Int32 {
        sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_REPREPARE, 0)
    }

    /// The oldest SQLite the store's statements run on: `RETURNING` came in 3.35.
    static let oldestVersion = (number: Int32(3_035_000), name: "3.35")

    /// Opens (creating if needed) the database file at `path`; a statement waits up to `busyTimeout` milliseconds for
    /// another connection's lock, then fails.
    init(path: String, busyTimeout: Int32) throws {
        guard sqlite3_libversion_number() >= Self.oldestVersion.number else {
            throw SQLiteError(code: SQLITE_ERROR, message: """
                this system's SQLite is \(String(cString: sqlite3_libversion())); Unhurried needs \(Self.oldestVersion.name) or newer
                """)
        }
        guard sqlite3_compileoption_used("ENABLE_FTS5") == 1 else {
            throw SQLiteError(code: SQLITE_ERROR, message: "this system's SQLite was built without FTS5, which the decision log's search needs")
        }
        var handle: OpaquePointer?
        // The connection's own thread is the only one to use the handle, so SQLite's own locking would be wasted.
        let opened = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard opened == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            let code = handle.map { sqlite3_extended_errcode($0) } ?? opened
            sqlite3_close_v2(handle)
            throw SQLiteError(code: code, message: "cannot open \(path): \(message)")
        }
        self.handle = handle
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeout)
        // A group commit runs each write in a savepoint, and SQLite journals a savepoint's pages in a temporary file
        // once they pass 64 KiB: under load the writer created, wrote and unlinked some 15 files a second in /var/tmp
        // (a quarter of its write calls). Kept in memory, those journals, and the b-trees of sorts, touch no file.
        sqlite3_exec(handle, "PRAGMA temp_store = MEMORY", nil, nil, nil)
    }

    /// Finalises every kept statement and closes the file.
    func close() {
        guard isOpen else { return }
        isOpen = false
        forgetStatements()
        sqlite3_close_v2(handle)
    }

    /// Whether a transaction is open: SQLite ends one itself after some failures.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs one statement with `binds` for its `?` placeholders and returns the rows it produced. `keepingPrepared`
    /// keeps a statement with many values too, for SQL built in a few shapes only (`SQLiteRowBatches`).
    @discardableResult
    package func query(_ sql: String, _ binds: [SQLiteData] = [], keepingPrepared: Bool = false) throws -> [SQLiteRow] {
        let kept = keepingPrepared || binds.count <= Self.keptPlaceholderLimit
        // The texts are copied once into memory of this call's own, which SQLite reads in place until the statement is
        // reset: binding each text as SQLite's own copy cost an allocation, a copy and a free per value.
        let textBytes = binds.reduce(0) { total, value in
            if case .text(let text) = value { total + text.utf8.count } else { total }
        }
        let texts = UnsafeMutableRawBufferPointer.allocate(byteCount: max(textBytes, 1), alignment: 1)
        defer { texts.deallocate() }
        let statement = try kept ? cached(sql) : prepared(sql, persistent: false)
        defer {
            if kept {
                sqlite3_reset(statement.pointer)
                // A kept statement keeps no pointer into `texts`, freed next.
                sqlite3_clear_bindings(statement.pointer)
            } else {
                sqlite3_finalize(statement.pointer)
            }
        }
        try bind(binds, to: statement.pointer, copyingTextsInto: texts)
        var rows: [SQLiteRow] = []
        var names = statement.columnNames
        while true {
            switch sqlite3_step(statement.pointer) {
            case SQLITE_ROW:
                if rows.isEmpty, Self.reprepareCount(of: statement.pointer) != statement.reprepares {
                    // Another process changed the schema and SQLite prepared the statement again: `SELECT *` may
                    // now return other columns.
                    names = Self.columnNames(of: statement.pointer)
                    if kept {
                        statements[StatementText(sql: sql)] = PreparedStatement(
                            pointer: statement.pointer, columnNames: names, reprepares: Self.reprepareCount(of: statement.pointer))
                    }
                }
                rows.append(SQLiteRow(names: names, values: (0..<Int32(names.count)).map {
                    value(of: statement.pointer, column: $0)
                }))
            case SQLITE_DONE:
                return rows
            default:
                throw failure()
            }
        }
    }

    private func cached(_ sql: String) throws -> PreparedStatement {
        let key = StatementText(sql: sql)
        if let statement = statements[key] { return statement }
        if statements.count >= Self.cachedStatementLimit { forgetStatements() }
        let statement = try prepared(sql, persistent: true)
        statements[key] = statement
        return statement
    }

    private func prepared(_ sql: String, persistent: Bool) throws -> PreparedStatement {
        var pointer: OpaquePointer?
        var followedByMore = false
        let code = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(handle, text, -1, persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0, &pointer, &tail)
            followedByMore = tail.map { !String(cString: $0).allSatisfy(\.isWhitespace) } ?? false
            return code
        }
        guard code == SQLITE_OK, let pointer else {
            sqlite3_finalize(pointer)
            throw failure()
        }
        // SQLite would ignore the rest without a word; refusing it keeps such a mistake from hiding.
        guard !followedByMore else {
            sqlite3_finalize(pointer)
            throw SQLiteError(code: SQLITE_MISUSE, message: "more than one statement in: \(sql)")
        }
        return PreparedStatement(pointer: pointer, columnNames: Self.columnNames(of: pointer), reprepares: Self.reprepareCount(of: pointer))
    }

    private func forgetStatements() {
        for statement in statements.values { sqlite3_finalize(statement.pointer) }
        statements.removeAll()
    }

    private func bind(_ binds: [SQLiteData], to statement: OpaquePointer, copyingTextsInto texts: UnsafeMutableRawBufferPointer) throws {
        var textOffset = 0
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32 = switch value {
            case .integer(let integer): sqlite3_bind_int64(statement, index, Int64(integer))
            case .float(let float): sqlite3_bind_double(statement, index, float)
            case .text(var text):
                text.withUTF8 { bytes in
                    // Never a nil pointer, even for the empty text: that would bind NULL.
                    let copy = texts.baseAddress! + textOffset
                    if let source = bytes.baseAddress { copy.copyMemory(from: source, byteCount: bytes.count) }
                    textOffset += bytes.count
                    // No destructor (SQLITE_STATIC): SQLite reads the copy where it is.
                    return sqlite3_bind_text64(statement, index, copy.assumingMemoryBound(to: CChar.self), UInt64(bytes.count), nil, UInt8(SQLITE_UTF8))
                }
            case .null: sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else { throw failure() }
        }
    }

    private func value(of statement: OpaquePointer, column: Int32) -> SQLiteData {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .integer(Int(sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT:
            return .float(sqlite3_column_double(statement, column))
        case SQLITE_TEXT, SQLITE_BLOB:
            guard let text = sqlite3_column_text(statement, column) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self))
        default:
            return .null
        }
    }

    private func failure() -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)))
    }
}
