import Foundation

/// Standup answers as people give them — `/update <text>`, or a message in their DM with the bot — recorded for the
/// round in progress of the standups they are in.
public struct StandupAnswers: Sendable {
    /// How an answer arrived, which decides the standups it is for.
    public enum Source: Sendable {
        /// `/update` in `channel`: that channel's standup when it has one, else every standup the person is in.
        /// `messageRef` names the message it came in, when it came in one (`@bot update …`).
        case command(in: ChatChannel, messageRef: String?)
        /// A message in the person's DM with the bot, under `parentRef` when in a thread: the standup whose prompt
        /// it replies to, else (on its own, or under the bot's thanks) those that have asked them in this round.
        /// Anything else written to the bot is not taken for an update.
        case directMessage(in: ChatChannel, messageRef: String, parentRef: String?)
    }

    /// What became of an answer.
    public enum Recorded: Sendable {
        case recorded([(Standup, StandupRound)])
        /// The person is in no standup of the workspace.
        case notInAStandup
        /// A direct message no prompt of this round asked for.
        case notAsked
    }

    private let store: any StandupStore & OutboxStore
    private let livePolicy: LivePolicy

    public init(store: any StandupStore & OutboxStore, policy: LivePolicy) {
        self.store = store
        livePolicy = policy
    }

    public func record(_ text: String, from person: ChatUserID, via source: Source, now: Date) async throws -> Recorded {
        let policy = livePolicy.current
        let channel: ChatChannel
        let messageRef: String
        switch source {
        // A slash command has no message id; its instant stands in for one.
        case .command(let place, let ref): (channel, messageRef) = (place, ref ?? "update:\(Int64((now.timeIntervalSince1970 * 1000).rounded()))")
        case .directMessage(let place, let ref, _): (channel, messageRef) = (place, ref)
        }
        let theirs = Self.standups(of: person, in: channel.workspace, policy: policy)
        guard !theirs.isEmpty else { return .notInAStandup }
        var chosen: [(Standup, StandupRound)] = []
        var replies: [(Standup, StandupRound)] = []
        for standup in theirs {
            let planner = StandupPlanner(standup: standup, teamHours: policy.workingHours)
            guard let round = planner.round(after: now) else { continue }
            switch source {
            case .command:
                chosen.append((standup, round))
            case .directMessage(_, _, let parentRef):
                // Under this round's prompt, or under the last round's after its digest; otherwise, once asked.
                let current = try await store.post(withKey: .standupPrompt(standup, round: round.date, person: person))
                var last: OutboxPost?
                if let finished = planner.round(dueBy: now) {
                    last = try await store.post(withKey: .standupPrompt(standup, round: finished.date, person: person))
                }
                if let parentRef, [current, last].contains(where: { $0?.messageRef == parentRef }) {
                    replies.append((standup, round))
                } else if current != nil {
                    chosen.append((standup, round))
                }
            }
        }
        // A reply under one standup's prompt is for that standup alone.
        if !replies.isEmpty { chosen = replies }
        if case .command(let channel, _) = source, chosen.contains(where: { $0.0.channel == channel }) {
            chosen = chosen.filter { $0.0.channel == channel }
        }
        guard !chosen.isEmpty else { return .notAsked }
        for (standup, round) in chosen {
            try await store.recordStandupAnswer(StandupAnswer(
                standupKey: standup.key, round: round.date, person: person, text: text, answeredAt: now, messageRef: messageRef))
        }
        return .recorded(chosen)
    }

    /// Whether `person` takes part in a standup of `workspace`: only then is a direct message to the bot read.
    public func isMember(_ person: ChatUserID, in workspace: WorkspaceRef) -> Bool {
        !Self.standups(of: person, in: workspace, policy: livePolicy.current).isEmpty
    }

    private static func standups(of person: ChatUserID, in workspace: WorkspaceRef, policy: ResponsePolicy) -> [Standup] {
        policy.standups.filter { $0.channel.workspace == workspace && $0.people.contains(person) }
    }
}
