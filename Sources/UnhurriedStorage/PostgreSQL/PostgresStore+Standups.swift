import Foundation
import PostgresNIO
import UnhurriedCore

extension PostgresStore {
    public func recordStandupAnswer(_ answer: StandupAnswer) async throws {
        _ = try await rows("""
            INSERT INTO standup_answers (standup_key, round_date, user_id, message_ref, answer, answered_at_ms)
            VALUES (\(answer.standupKey), \(answer.round.description), \(answer.person.rawValue), \(answer.messageRef), \(answer.text),
                    \(answer.answeredAt.milliseconds))
            ON CONFLICT DO NOTHING
            """)
    }

    public func standupAnswers(of standupKey: String, round: LocalDate) async throws -> [StandupAnswer] {
        try StoredRows.standupAnswers(await rows("""
            SELECT * FROM standup_answers WHERE standup_key = \(standupKey) AND round_date = \(round.description)
            ORDER BY answered_at_ms, user_id, message_ref
            """))
    }
}
