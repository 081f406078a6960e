import Foundation
import SQLiteNIO
import UnhurriedCore

extension SQLiteStore {
    public func recordStandupAnswer(_ answer: StandupAnswer) async throws {
        try await write { connection in
            _ = try await connection.query(
                """
                INSERT INTO standup_answers (standup_key, round_date, user_id, answer, first_answered_at_ms) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (standup_key, round_date, user_id) DO UPDATE SET answer = standup_answers.answer || char(10) || excluded.answer
                """,
                [.text(answer.standupKey), .text(answer.round.description), .text(answer.person.rawValue), .text(answer.text),
                 .integer(answer.answeredAt.milliseconds)])
        }
    }

    public func standupAnswers(of standupKey: String, round: LocalDate) async throws -> [StandupAnswer] {
        try StoredRows.standupAnswers(await readInBackground(
            "SELECT * FROM standup_answers WHERE standup_key = ? AND round_date = ? ORDER BY first_answered_at_ms, user_id",
            [.text(standupKey), .text(round.description)]))
    }
}
