import Foundation
import PostgresNIO
import Testing
@testable import UnhurriedStorage

/// Rows sent to PostgreSQL as hand-written JSON must read back as written: by JSONDecoder, and by PostgreSQL itself,
/// which expands them into the rows a statement writes.
struct JSONRowsTests {
    private struct Row: Codable, Equatable {
        var label: String?
        var number: Int?
        var flag: Bool

        enum CodingKeys: String, CodingKey {
            case label = "row_label", number = "row_number", flag = "row_flag"
        }

        static func random(_ generator: inout some RandomNumberGenerator, allowingNUL: Bool = true) -> Row {
            var label = StoredLinksTests.randomText(&generator)
            if !allowingNUL { label = label.replacingOccurrences(of: "\u{0}", with: "") }
            return Row(
                label: Bool.random(using: &generator) ? label : nil,
                number: Bool.random(using: &generator) ? Int.random(in: Int.min...Int.max, using: &generator) : nil,
                flag: Bool.random(using: &generator))
        }
    }

    private static func encode(_ rows: [Row]) -> String {
        JSONRows.encode(rows) { row, fields in
            fields.add("row_label", row.label)
            fields.add("row_number", row.number)
            fields.add("row_flag", row.flag)
        }
    }

    @Test func writesWhatJSONDecoderReadsBack() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let rows = (0..<Int.random(in: 0...4, using: &generator)).map { _ in Row.random(&generator) }
            let written = Self.encode(rows)
            #expect(try JSONDecoder().decode([Row].self, from: Data(written.utf8)) == rows, "\(written)")
        }
    }

    @Test func leavesOutNilFieldsSoTheyReadAsNULL() {
        #expect(Self.encode([Row(label: nil, number: nil, flag: false), Row(label: "a\"b", number: -3, flag: true)])
            == #"[{"row_flag":false},{"row_label":"a\"b","row_number":-3,"row_flag":true}]"#)
        #expect(Self.encode([]) == "[]")
    }

    /// PostgreSQL's text cannot hold NUL, so those rows leave it out.
    @Test(.timeLimit(.minutes(1)), .enabled(if: TestDatabase.postgresURL != nil))
    func expandInPostgreSQLToTheRowsWritten() async throws {
        var generator = SystemRandomNumberGenerator()
        let rows = (0..<200).map { _ in Row.random(&generator, allowingNUL: false) }
        let json = Self.encode(rows)
        try await withTestStore(.postgres) { store, _ in
            let postgres = try #require(store as? PostgresStore)
            let read = try await postgres.rows("""
                SELECT r.row_label, r.row_number, r.row_flag
                FROM ROWS FROM (jsonb_to_recordset(\(json)::jsonb) AS (row_label text, row_number bigint, row_flag boolean))
                    WITH ORDINALITY AS r(row_label, row_number, row_flag, position)
                ORDER BY r.position
                """)
            #expect(try read.map { Row(label: try $0.text("row_label"), number: try $0.integer("row_number"), flag: try $0.flag("row_flag") ?? false) }
                == rows)
        }
    }
}
