import Foundation
import PostgresNIO
import Testing
@testable import UnhurriedStorage

/// PostgreSQL's rows as the store's decoders read them: each type the schema uses, NULL, a column the query did not
/// select, and a type no decoder reads, which is an error rather than a guess.
@Suite(.timeLimit(.minutes(1)), .enabled(if: TestDatabase.postgresURL != nil)) struct PostgresStoredRowTests {
    @Test func readsEachTypeTheSchemaUsesByColumnName() async throws {
        try await withPostgresStore { store in
            let row = try #require(try await store.rows("""
                SELECT 7::int2 AS small, 8::int4 AS normal, 9000000000::int8 AS big, 'café ✓' AS words, 'x'::varchar AS short,
                       true AS yes, false AS no, NULL::text AS nothing, NULL::bigint AS no_number, 1.5::float8 AS real
                """).first)
            #expect(try row.integer("small") == 7 && row.integer("normal") == 8 && row.integer("big") == 9_000_000_000)
            #expect(try row.text("words") == "café ✓" && row.text("short") == "x")
            #expect(try row.flag("yes") == true && row.flag("no") == false)
            #expect(try row.text("nothing") == nil && row.integer("no_number") == nil && row.flag("nothing") == nil)
            #expect(try row.text("not_selected") == nil)
            #expect(throws: StoreError.self) { try row.requireText("not_selected") }
            #expect(throws: StoreError.self) { try row.integer("words") }
            #expect(throws: StoreError.self) { try row.text("big") }
            #expect(throws: StoreError.self) { try row.text("real") }
        }
    }

    @Test func readsEveryRowOfALongResultInOrder() async throws {
        try await withPostgresStore { store in
            let rows = try await store.rows("SELECT n, 'row ' || n AS label FROM generate_series(1, 5000) AS n ORDER BY n")
            #expect(try rows.map { try $0.requireInteger("n") } == Array(1...5000))
            #expect(try rows.last?.text("label") == "row 5000")
        }
    }

    private func withPostgresStore(_ body: (PostgresStore) async throws -> Void) async throws {
        try await withTestStore(.postgres) { store, _ in try await body(try #require(store as? PostgresStore)) }
    }
}
