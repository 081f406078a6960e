import Foundation
import Synchronization

/// Queues each channel's digest when its time comes, and composes it when the delivery worker sends it. The
/// channels are looked up only when some digest time has passed since the last look, not on every tick.
public final class DigestScheduler: Sendable {
    private let store: any DigestStore & PeopleStore
    private let livePolicy: LivePolicy
    private let lastCheck = Mutex<Date?>(nil)

    public init(store: any DigestStore & PeopleStore, policy: LivePolicy) {
        self.store = store
        livePolicy = policy
    }

    /// Queues the digests due at `now`; returns how many were queued (or were already).
    @discardableResult
    public func queueDueDigests(now: Date) async throws -> Int {
        let planner = DigestPlanner(policy: livePolicy.current)
        guard planner.hasDigestDue(after: lastCheck.withLock { $0 }, now: now) else { return 0 }
        let posts = planner.dueDigests(in: try await store.channelsWithOpenItems(), now: now)
        try await store.queue(posts)
        lastCheck.withLock { $0 = now }
        return posts.count
    }

    public func nextDigestAt(after now: Date) -> Date? {
        DigestPlanner(policy: livePolicy.current).nextDigest(after: now)
    }

    /// The digest of `channel` due at `instant`, from the store's state at `now`; nil when there is nothing to say.
    public func digest(of channel: ChatChannel, dueAt instant: Date, now: Date) async throws -> ChatMessage? {
        let policy = livePolicy.current
        let planner = DigestPlanner(policy: policy)
        let day = planner.reportedDay(before: instant)
        let open = try await store.openItems(in: channel)
        let responses = try await store.firstResponses(in: channel, from: day.start, to: day.end)
        let people = Set(responses.map(\.assignee))
        let settings = try await store.settings(of: Array(people), in: channel.workspace)
        return planner.digest(
            openItems: open, responses: responses,
            hours: { user, channelID in policy.workingHours(for: user, inChannel: channelID, personal: settings[user]) },
            day: day, now: now)
    }
}
