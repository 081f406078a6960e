import Foundation
import PostgresNIO
import UnhurriedCore

extension PostgresStore {
    public func recordStandupAnswer(_ answer: StandupAnswer) async throws {
        _ = try await rows("""
            INSERT INTO standup_answers (standup_key, round_date, user_id, answer, first_answered_at_ms)
            VALUES (\(answer.standupKey), \(answer.round.description), \(answer.person.rawValue), \(answer.text), \(answer.answeredAt.milliseconds))
            ON CONFLICT (standup_key, round_date, user_id) DO UPDATE SET answer = standup_answers.answer || chr(10) || excluded.answer
            """)
    }

    public func standupAnswers(of standupKey: String, round: LocalDate) async throws -> [StandupAnswer] {
        try StoredRows.standupAnswers(await rows("""
            SELECT * FROM standup_answers WHERE standup_key = \(standupKey) AND round_date = \(round.description)
            ORDER BY first_answered_at_ms, user_id
            """))
    }
}
