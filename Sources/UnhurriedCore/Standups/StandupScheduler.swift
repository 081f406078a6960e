import Foundation
import Synchronization

/// Queues each standup's prompts and digest when their time comes, and composes the digest when the delivery worker
/// sends it. Prompts are composed when queued; each post is keyed by standup, round and person, so it is queued once
/// however often, and by however many replicas, it is checked.
public final class StandupScheduler: Sendable {
    private let store: any StandupStore & PeopleStore & OutboxStore
    private let livePolicy: LivePolicy
    private let people: PeopleSettingsReader
    /// The keys this process queued: the store would ignore them again, but asking it on every pass costs a write.
    private let queuedHere = Mutex<Set<IdempotencyKey>>([])
    /// Forgetting them all now and then costs one write of each again, which the store ignores.
    static let rememberedKeys = 100_000

    /// A digest more than this late (the server was down at its time) is not sent: it would be stale.
    public static let staleAfter = DigestPlanner.staleAfter

    /// `directories` give the zones of people who set none themselves, from their chat profiles.
    public init(store: any StandupStore & PeopleStore & OutboxStore, policy: LivePolicy, directories: [String: any UserDirectory] = [:]) {
        self.store = store
        livePolicy = policy
        // Nobody waits on a prompt's planning: it may wait for the directory's own timeout.
        people = PeopleSettingsReader(store: store, directories: directories, lookupBudget: .seconds(5))
    }

    /// What one look at the standups did, and when to look again.
    public struct Pass: Sendable {
        /// Posts queued by this look.
        public var queued: Int
        /// The next instant at which a prompt or a digest is due, if any.
        public var nextDueAt: Date?
    }

    /// Queues the prompts and digests due at `now` that this process has not queued yet, and finds when the next is
    /// due — in one read of people's settings per standup, as this runs on every pass of the scheduler.
    @discardableResult
    public func queueDue(now: Date) async throws -> Pass {
        let policy = livePolicy.current
        var due: [QueuedPost] = []
        var next: [Date] = []
        for standup in policy.standups {
            let planner = StandupPlanner(standup: standup, teamHours: policy.workingHours)
            if let finished = planner.round(dueBy: now), now.timeIntervalSince(finished.digestAt) < Self.staleAfter {
                due.append(QueuedPost(
                    idempotencyKey: .standupDigest(standup, round: finished.date), channel: standup.channel, kind: .standupDigest, itemID: nil,
                    dueAt: finished.digestAt))
            }
            guard let round = planner.round(after: now) else { continue }
            next.append(round.digestAt)
            // Every due prompt of the round, whenever it became due: a changed zone or a reloaded policy can move one
            // to before the last look, and it must still be sent — but, late, only inside the person's hours.
            for prompt in try await prompts(of: standup, in: round, policy: policy, now: now) {
                guard prompt.at <= now else {
                    next.append(prompt.at)
                    continue
                }
                guard prompt.sendableNow else {
                    if let later = prompt.nextSendable { next.append(later) }
                    continue
                }
                due.append(QueuedPost(
                    idempotencyKey: .standupPrompt(standup, round: round.date, person: prompt.person),
                    channel: ChatChannel(platform: standup.channel.platform, workspaceID: standup.channel.workspaceID, channelID: prompt.person.rawValue),
                    kind: .standupPrompt, itemID: nil, body: MessageComposer.standupPrompt(standup, digestAt: round.digestAt), dueAt: prompt.at))
            }
        }
        let posts = queuedHere.withLock { queued in due.filter { !queued.contains($0.idempotencyKey) } }
        if !posts.isEmpty {
            try await store.queue(posts)
            queuedHere.withLock { queued in
                if queued.count > Self.rememberedKeys { queued.removeAll() }
                queued.formUnion(posts.map(\.idempotencyKey))
            }
        }
        return Pass(queued: posts.count, nextDueAt: next.min())
    }

    /// The digest of the standup posting in `channel` at `instant`, in as many posts as its answers need; none when
    /// nobody answered, so that a quiet day is not a post listing everyone as missing.
    public func digest(of channel: ChatChannel, dueAt instant: Date, now: Date) async throws -> [ChatMessage] {
        let policy = livePolicy.current
        guard let standup = policy.standups.first(where: { $0.channel == channel }),
              let round = StandupPlanner(standup: standup, teamHours: policy.workingHours).round(digestedAt: instant) else { return [] }
        let answers = try await store.standupAnswers(of: standup.key, round: round.date)
        guard !answers.isEmpty else { return [] }
        let answered = Set(answers.map(\.person))
        let waiting = try await prompts(of: standup, in: round, policy: policy, now: now).map(\.person).filter { !answered.contains($0) }
        return MessageComposer.standupDigest(standup, date: round.date, answers: answers, stillToCome: waiting)
    }

    /// One person's prompt in a round.
    private struct Prompt {
        var person: ChatUserID
        var at: Date
        /// Whether `now` is inside their hours, when a prompt that came due meanwhile may go out.
        var sendableNow: Bool
        /// When such a late prompt may go out, if that is before the digest.
        var nextSendable: Date?
    }

    /// Each person's prompt in `round`, for those who have a working day in it and whose zone is known: a profile that
    /// could not be read just now would otherwise place the prompt in the team's zone, for good.
    private func prompts(of standup: Standup, in round: StandupRound, policy: ResponsePolicy, now: Date) async throws -> [Prompt] {
        let planner = StandupPlanner(standup: standup, teamHours: policy.workingHours)
        let settings = try await people.settings(of: standup.people, in: standup.channel.workspace, now: now).settings
        return standup.people.compactMap { person in
            guard people.knowsZone(from: settings[person], platform: standup.channel.platform) else { return nil }
            let hours = policy.workingHours(for: person, inChannel: standup.channel.channelID, personal: settings[person])
            guard let at = planner.prompt(in: round, hours: hours) else { return nil }
            let sendable = WorkingCalendar(hours: hours).nextReachableInstant(atOrAfter: now)
            return Prompt(person: person, at: at, sendableNow: sendable == now, nextSendable: sendable < round.digestAt ? sendable : nil)
        }
    }
}
