import Foundation
import Synchronization

/// Queues each channel's daily digest when its time comes, and composes it when the delivery worker sends it; queues
/// each channel's weekly digest composed. The channels are looked up only when some digest time has passed since the
/// last look, not on every tick.
public final class DigestScheduler: Sendable {
    private let store: any DigestStore & PeopleStore & HistoryStore
    private let livePolicy: LivePolicy
    private let lastCheck = Mutex<Date?>(nil)

    /// A pre-read held last week may have been scheduled this long before it: its channel's items are read from then.
    static let prereadLookBack: TimeInterval = 60 * 86_400

    public init(store: any DigestStore & PeopleStore & HistoryStore, policy: LivePolicy) {
        self.store = store
        livePolicy = policy
    }

    /// Queues the digests due at `now`; returns how many were queued (or were already).
    @discardableResult
    public func queueDueDigests(now: Date) async throws -> Int {
        let policy = livePolicy.current
        let planner = DigestPlanner(policy: policy)
        let last = lastCheck.withLock { $0 }
        var queued = 0
        if planner.hasDigestDue(after: last, now: now) {
            let posts = planner.dueDigests(in: try await store.channelsWithOpenItems(), now: now)
            try await store.queue(posts)
            queued += posts.count
        }
        if let weekly = WeeklyDigest(policy: policy) { queued += try await queueWeeklyDigests(weekly, after: last, now: now) }
        lastCheck.withLock { $0 = now }
        return queued
    }

    public func nextDigestAt(after now: Date) -> Date? {
        let policy = livePolicy.current
        return [DigestPlanner(policy: policy).nextDigest(after: now), WeeklyDigest(policy: policy)?.next(after: now)].compactMap { $0 }.min()
    }

    /// Queues every channel's weekly digest, composed now from the week it reports, when its instant fell after the last
    /// look (or within the stale window, on the first): last week is over, so its figures will not change.
    private func queueWeeklyDigests(_ weekly: WeeklyDigest, after last: Date?, now: Date) async throws -> Int {
        let latest = weekly.latest(atOrBefore: now)
        guard latest.instant > max(last ?? .distantPast, now.addingTimeInterval(-DigestPlanner.staleAfter)) else { return 0 }
        let week = weekly.week(before: latest.date)
        let since = week.start.addingTimeInterval(-Self.prereadLookBack)
        var posts: [QueuedPost] = []
        for channel in try await store.channelsWithItems(createdSince: since) {
            let histories = try await store.itemHistories(HistoryQuery(createdSince: since, workspace: channel.workspace, channelID: channel.channelID))
            let people = Set(histories.flatMap { $0.item.assignments.map(\.assignee) }).sorted { $0.rawValue < $1.rawValue }
            let settings = try await store.settings(of: people, in: channel.workspace)
            let policy = weekly.policy
            guard let message = weekly.digest(of: histories, week: week, now: now, hours: { person, channel in
                policy.workingHours(for: person, inChannel: channel.channelID, personal: settings[person])
            }) else { continue }
            posts.append(QueuedPost(
                idempotencyKey: .weeklyDigest(of: channel, on: latest.date), channel: channel, kind: .notice, itemID: nil, body: message,
                dueAt: latest.instant))
        }
        try await store.queue(posts)
        return posts.count
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
