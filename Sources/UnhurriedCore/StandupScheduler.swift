import Foundation
import Synchronization

/// Queues each standup's prompts and digest when their time comes, and composes the digest when the delivery worker
/// sends it. Prompts are composed when queued; each post is keyed by standup, round and person, so it is queued once
/// however often, and by however many replicas, it is checked.
public final class StandupScheduler: Sendable {
    private let store: any StandupStore & PeopleStore & OutboxStore
    private let livePolicy: LivePolicy
    private let people: PeopleSettingsReader
    /// The last check and the standups it saw: a reloaded policy is checked afresh, so a person added late is asked.
    private let lastCheck = Mutex<(at: Date, standups: [Standup])?>(nil)

    /// A digest more than this late (the server was down at its time) is not sent: it would be stale.
    public static let staleAfter = DigestPlanner.staleAfter

    /// `directories` give the zones of people who set none themselves, from their chat profiles.
    public init(store: any StandupStore & PeopleStore & OutboxStore, policy: LivePolicy, directories: [String: any UserDirectory] = [:]) {
        self.store = store
        livePolicy = policy
        people = PeopleSettingsReader(store: store, directories: directories)
    }

    /// Queues the prompts and digests due at `now`; returns how many posts were queued (or were already).
    @discardableResult
    public func queueDue(now: Date) async throws -> Int {
        let policy = livePolicy.current
        let since = lastCheck.withLock { last in last.flatMap { $0.standups == policy.standups ? $0.at : nil } } ?? .distantPast
        var posts: [QueuedPost] = []
        for standup in policy.standups {
            let planner = StandupPlanner(standup: standup, teamHours: policy.workingHours)
            if let finished = planner.round(dueBy: now), finished.digestAt > since, now.timeIntervalSince(finished.digestAt) < Self.staleAfter {
                posts.append(QueuedPost(
                    idempotencyKey: "standup:\(standup.key):\(finished.date):digest", channel: standup.channel, kind: .standupDigest,
                    itemID: nil, dueAt: finished.digestAt))
            }
            guard let round = planner.round(after: now) else { continue }
            for (person, prompt) in try await prompts(of: standup, in: round, policy: policy, now: now) where prompt <= now && prompt > since {
                posts.append(QueuedPost(
                    idempotencyKey: "standup:\(standup.key):\(round.date):\(person.rawValue):prompt",
                    channel: ChatChannel(platform: standup.channel.platform, workspaceID: standup.channel.workspaceID, channelID: person.rawValue),
                    kind: .notice, itemID: nil, body: MessageComposer.standupPrompt(standup, digestAt: round.digestAt), dueAt: prompt))
            }
        }
        try await store.queue(posts)
        lastCheck.withLock { $0 = (now, policy.standups) }
        return posts.count
    }

    /// The next instant after `now` at which a prompt or a digest is due.
    public func nextDueAt(after now: Date) async throws -> Date? {
        let policy = livePolicy.current
        var next: [Date] = []
        for standup in policy.standups {
            guard let round = StandupPlanner(standup: standup, teamHours: policy.workingHours).round(after: now) else { continue }
            next.append(round.digestAt)
            next += try await prompts(of: standup, in: round, policy: policy, now: now).map(\.at).filter { $0 > now }
        }
        return next.min()
    }

    /// The digest of the standup posting in `channel` at `instant`; nil when there is nothing to say.
    public func digest(of channel: ChatChannel, dueAt instant: Date, now: Date) async throws -> ChatMessage? {
        let policy = livePolicy.current
        guard let standup = policy.standups.first(where: { $0.channel == channel }),
              let round = StandupPlanner(standup: standup, teamHours: policy.workingHours).round(digestedAt: instant) else { return nil }
        let answers = try await store.standupAnswers(of: standup.key, round: round.date)
        let answered = Set(answers.map(\.person))
        let waiting = try await prompts(of: standup, in: round, policy: policy, now: now).map(\.person).filter { !answered.contains($0) }
        guard !answers.isEmpty || !waiting.isEmpty else { return nil }
        return MessageComposer.standupDigest(standup, date: round.date, answers: answers, stillToCome: waiting)
    }

    /// Each person's prompt in `round`, for those who have a working day in it.
    private func prompts(
        of standup: Standup, in round: StandupRound, policy: ResponsePolicy, now: Date
    ) async throws -> [(person: ChatUserID, at: Date)] {
        let planner = StandupPlanner(standup: standup, teamHours: policy.workingHours)
        let settings = try await people.settings(of: standup.people, in: standup.channel.workspace, now: now)
        return standup.people.compactMap { person in
            let hours = policy.workingHours(for: person, inChannel: standup.channel.channelID, personal: settings[person])
            return planner.prompt(in: round, hours: hours).map { (person, $0) }
        }
    }
}
