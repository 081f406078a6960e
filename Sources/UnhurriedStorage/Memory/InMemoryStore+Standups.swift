import Foundation
import UnhurriedCore

extension InMemoryStore {
    public func recordStandupAnswer(_ answer: StandupAnswer) async throws {
        var answer = answer
        answer.answeredAt = answer.answeredAt.storedInstant
        try transaction { database in
            let isRecorded = database.standupAnswers.contains {
                ($0.standupKey, $0.round, $0.person, $0.messageRef) == (answer.standupKey, answer.round, answer.person, answer.messageRef)
            }
            if !isRecorded { database.standupAnswers.append(answer) }
        }
    }

    public func standupAnswers(of standupKey: String, round: LocalDate) async throws -> [StandupAnswer] {
        try transaction { database in
            database.standupAnswers
                .filter { $0.standupKey == standupKey && $0.round == round }
                .sorted { ($0.answeredAt, $0.person.rawValue, $0.messageRef) < ($1.answeredAt, $1.person.rawValue, $1.messageRef) }
                .joinedByPerson()
        }
    }
}
