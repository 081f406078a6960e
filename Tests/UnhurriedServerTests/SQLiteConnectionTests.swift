import Foundation
import Testing
@testable import UnhurriedStorage

/// The project's own binding to SQLite: values go in and come out as they were, statements are kept and reused
/// safely, and mistakes are refused rather than passed over.
@Suite struct SQLiteConnectionTests {
    private func withConnection(_ body: (SQLiteConnection) async throws -> Void) async throws {
        try await withDatabaseFile { path in try await withConnection(to: path, body) }
    }

    private func withDatabaseFile(_ body: (String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("unhurried-binding-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await body(path)
    }

    private func withConnection(to path: String, _ body: (SQLiteConnection) async throws -> Void) async throws {
        let connection = try SQLiteConnection.open(path: path)
        do {
            try await body(connection)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// The writer runs each write of a group commit in a savepoint; the journal of one that changes more than 64 KiB
    /// stays in memory instead of going to a temporary file (which SQLite unlinks as it opens it, so it shows only
    /// among the process's open files).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/fd")))
    func journalsALargeSavepointInMemory() async throws {
        @Sendable func openTemporaryFiles() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").compactMap {
                try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")
            }.filter { $0.contains("etilqs_") }
        }
        try await withConnection { connection in
            try await connection.query("CREATE TABLE t (n INTEGER, s TEXT)")
            let temporaryFiles = try await connection.perform { database in
                try database.query("BEGIN IMMEDIATE")
                for n in 0..<200 { try database.query("INSERT INTO t VALUES (?, ?)", [.integer(n), .text(String(repeating: "x", count: 2_000))]) }
                try database.query("SAVEPOINT job")
                try database.query("UPDATE t SET s = s || 'y'")
                let files = try openTemporaryFiles()
                try database.query("RELEASE job")
                try database.query("COMMIT")
                return files
            }
            #expect(temporaryFiles.isEmpty)
            #expect(try await connection.query("SELECT count(*) AS n FROM t WHERE s LIKE '%y'").first?.column("n")?.integer == 200)
        }
    }

    @Test func valuesComeBackAsTheyWereBound() async throws {
        try await withConnection { connection in
            try await connection.query("CREATE TABLE t (n INTEGER, s TEXT)")
            let texts = ["", "naïve — ✓", "with\u{0}nul", String(repeating: "x", count: 100_000)]
            for text in texts {
                try await connection.query("INSERT INTO t VALUES (?, ?)", [.integer(Int.min), .text(text)])
            }
            try await connection.query("INSERT INTO t VALUES (?, ?)", [.null, .null])
            let rows = try await connection.query("SELECT n, s FROM t ORDER BY rowid")
            #expect(rows.map { $0.column("s")?.string } == texts + [nil])
            #expect(rows.first?.column("n")?.integer == Int.min)
            #expect(rows.last?.column("n") == .null)
            #expect(rows.first?.column("missing") == nil)
        }
    }

    @Test func aKeptStatementRunsAgainWithNewValuesAndAfterAFailure() async throws {
        try await withConnection { connection in
            try await connection.query("CREATE TABLE t (n INTEGER PRIMARY KEY)")
            let insert = "INSERT INTO t VALUES (?) RETURNING n"
            #expect(try await connection.query(insert, [.integer(1)]).first?.column("n")?.integer == 1)
            await #expect(throws: SQLiteError.self) { try await connection.query(insert, [.integer(1)]) }
            #expect(try await connection.query(insert, [.integer(2)]).first?.column("n")?.integer == 2)
            // A statement left unbound after a failure binds NULL, which the primary key turns into the next number.
            #expect(try await connection.query(insert).first?.column("n")?.integer == 3)
        }
    }

    @Test func moreStatementsThanTheCacheKeepsStillRun() async throws {
        try await withConnection { connection in
            let count = SQLiteDatabase.cachedStatementLimit * 2 + 3
            let sums = try await connection.perform { database in
                try (1...count).map { number in
                    try database.query("SELECT ? + \(number) AS total", [.integer(1)]).first?.column("total")?.integer
                }
            }
            #expect(sums == (1...count).map { $0 + 1 })
        }
    }

    @Test func statementsThatDifferOnlyWhereTheCacheDoesNotHashAreKeptApart() async throws {
        try await withConnection { connection in
            // Same length, same middle and same end: the kept statements' keys hash alike and differ only in bytes.
            let statements = (1...9).map { "SELECT \($0) AS n, '\(String(repeating: "x", count: 40))' AS padding" }
            for (index, sql) in (statements + statements).enumerated() {
                let number = try await connection.query(sql).first?.column("n")?.integer
                #expect(number == index % statements.count + 1)
            }
        }
    }

    @Test func aStatementWithManyValuesRunsAgain() async throws {
        try await withConnection { connection in
            let width = SQLiteDatabase.keptPlaceholderLimit + 1
            let sql = "SELECT " + Array(repeating: "?", count: width).joined(separator: " + ") + " AS total"
            for _ in 0..<2 {
                let rows = try await connection.query(sql, Array(repeating: .integer(2), count: width))
                #expect(rows.first?.column("total")?.integer == width * 2)
            }
        }
    }

    /// Batches of any size go in chunks of a few sizes; every row is written once, in order, whatever the split.
    @Test func writesBatchesOfEverySizeRowByRow() async throws {
        try await withConnection { connection in
            try await connection.query("CREATE TABLE numbers (batch INTEGER NOT NULL, position INTEGER NOT NULL, label TEXT)")
            let sizes = [0, 1, 2, 3, 31, 63, 64, 65, 127, 200]
            for size in sizes {
                let returned = try await connection.perform { database in
                    try SQLiteRowBatches.run(
                        "INSERT INTO numbers (batch, position, label)",
                        rows: (0..<size).map { [.integer(size), .integer($0), .text("row \($0)")] },
                        template: "(?, ?, ?)", tail: "RETURNING position", on: database)
                }
                #expect(returned.compactMap { $0.column("position")?.integer } == Array(0..<size))
                let stored = try await connection.query("SELECT position, label FROM numbers WHERE batch = ? ORDER BY rowid", [.integer(size)])
                #expect(stored.map { try? $0.text("label") } == (0..<size).map { "row \($0)" })
            }
        }
    }

    @Test func refusesTextAfterTheFirstStatement() async throws {
        try await withConnection { connection in
            let error = await #expect(throws: SQLiteError.self) { try await connection.query("SELECT 1; SELECT 2") }
            #expect(error.map(String.init(describing:))?.contains("more than one statement") == true)
            let trailingSpace = try await connection.query("SELECT 1 AS one;  \n")
            #expect(trailingSpace.first?.column("one")?.integer == 1)
        }
    }

    @Test func aFailureNamesSQLitesReason() async throws {
        try await withConnection { connection in
            let error = await #expect(throws: SQLiteError.self) { try await connection.query("SELECT * FROM nowhere") }
            #expect(error.map(String.init(describing:))?.contains("no such table: nowhere") == true)
        }
    }

    @Test func aKeptStatementReadsTheColumnsOfATableRebuiltByAnotherConnection() async throws {
        try await withDatabaseFile { path in
            try await withConnection(to: path) { reader in
                try await reader.query("CREATE TABLE t (a TEXT, b TEXT)")
                try await reader.query("INSERT INTO t VALUES ('first', 'second')")
                #expect(try await reader.query("SELECT * FROM t").first?.column("a") == .text("first"))
                try await withConnection(to: path) { migrator in
                    try await migrator.perform { database in
                        for statement in ["BEGIN", "CREATE TABLE t_new (b TEXT, a TEXT)", "INSERT INTO t_new SELECT b, a FROM t",
                                          "DROP TABLE t", "ALTER TABLE t_new RENAME TO t", "COMMIT"] {
                            try database.query(statement)
                        }
                    }
                }
                let row = try #require(try await reader.query("SELECT * FROM t").first)
                #expect(row.column("a") == .text("first"))
                #expect(row.column("b") == .text("second"))
            }
        }
    }

    @Test func aConnectionClosedByACancelledTaskLetsGoAndTurnsWorkAway() async throws {
        try await withDatabaseFile { path in
            let connection = try SQLiteConnection.open(path: path)
            try await connection.query("CREATE TABLE t (n INTEGER)")
            let closing = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await connection.close()
            }
            try await closing.value
            await #expect(throws: (any Error).self) { try await connection.query("SELECT 1") }
        }
    }
}

/// The group-committing writer: a failing write fails alone, with its own error, whether or not others share its
/// batch; writes to a closed connection fail.
@Suite struct SQLiteWriterTests {
    private struct Refusal: Error, Equatable {}

    /// A writer on a new file with one table, `t`; the connection is closed afterwards, if `body` has not closed it.
    private func withWriter(_ body: (SQLiteWriter, SQLiteConnection) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("unhurried-writer-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let connection = try SQLiteConnection.open(path: path)
        do {
            try await connection.query("CREATE TABLE t (n INTEGER)")
            try await body(SQLiteWriter(connection: connection), connection)
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    @Test func aFailingWriteFailsAloneWithItsOwnError() async throws {
        try await withWriter { writer, connection in
            await #expect(throws: Refusal.self) {
                try await writer.write { database in
                    try database.query("INSERT INTO t VALUES (0)")
                    throw Refusal()
                }
            }
            // Many at once share batches; every third one fails after writing.
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for number in 1...60 {
                    group.addTask {
                        do {
                            try await writer.write { database in
                                try database.query("INSERT INTO t VALUES (?)", [.integer(number)])
                                if number % 3 == 0 { throw Refusal() }
                            }
                            return (number, true)
                        } catch {
                            return (number, false)
                        }
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.filter(\.value).keys.sorted() == (1...60).filter { $0 % 3 != 0 })
            let stored = try await connection.query("SELECT n FROM t ORDER BY n").compactMap { $0.column("n")?.integer }
            #expect(stored == (1...60).filter { $0 % 3 != 0 })
        }
    }

    /// They fail rather than wait for a batch that never comes.
    @Test(.timeLimit(.minutes(1))) func writesToAClosedConnectionFail() async throws {
        try await withWriter { writer, connection in
            try await connection.close()
            await #expect(throws: (any Error).self) { try await writer.write { database in try database.query("INSERT INTO t VALUES (1)") } }
        }
    }
}
