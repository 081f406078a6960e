import Foundation
import UnhurriedCore

extension SQLiteStore {
    public func recordStandupAnswer(_ answer: StandupAnswer) async throws {
        try await write { database in
            _ = try database.query(
                """
                INSERT INTO standup_answers (standup_key, round_date, user_id, message_ref, answer, answered_at_ms) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """,
                [.text(answer.standupKey), .text(answer.round.description), .text(answer.person.rawValue), .text(answer.messageRef),
                 .text(answer.text), .integer(answer.answeredAt.milliseconds)])
        }
    }

    public func standupAnswers(of standupKey: String, round: LocalDate) async throws -> [StandupAnswer] {
        try StoredRows.standupAnswers(await readInBackground(
            "SELECT * FROM standup_answers WHERE standup_key = ? AND round_date = ? ORDER BY answered_at_ms, user_id, message_ref",
            [.text(standupKey), .text(round.description)]))
    }
}
