import Foundation

/// Standup answers as people give them — `/update <text>`, or a direct message to the bot — recorded for the round
/// in progress of each standup they are in.
public struct StandupAnswers: Sendable {
    private let store: any StandupStore
    private let livePolicy: LivePolicy

    public init(store: any StandupStore, policy: LivePolicy) {
        self.store = store
        livePolicy = policy
    }

    /// Records what `person` said for the rounds in progress of their standups: the one posting in `channel` when
    /// it is theirs, else every standup of the workspace they are in. Returns where each answer will appear.
    public func recordAnswer(_ text: String, from person: ChatUserID, in channel: ChatChannel, now: Date) async throws -> [(Standup, StandupRound)] {
        let policy = livePolicy.current
        let theirs = policy.standups.filter { $0.channel.workspace == channel.workspace && $0.people.contains(person) }
        let chosen = theirs.filter { $0.channel == channel }.isEmpty ? theirs : theirs.filter { $0.channel == channel }
        var recorded: [(Standup, StandupRound)] = []
        for standup in chosen {
            guard let round = StandupPlanner(standup: standup, teamHours: policy.workingHours).round(after: now) else { continue }
            try await store.recordStandupAnswer(StandupAnswer(standupKey: standup.key, round: round.date, person: person, text: text, answeredAt: now))
            recorded.append((standup, round))
        }
        return recorded
    }

    /// Whether `person` takes part in a standup of `workspace`: only then is a direct message to the bot an answer.
    public func isMember(_ person: ChatUserID, in workspace: WorkspaceRef) -> Bool {
        livePolicy.current.standups.contains { $0.channel.workspace == workspace && $0.people.contains(person) }
    }
}
