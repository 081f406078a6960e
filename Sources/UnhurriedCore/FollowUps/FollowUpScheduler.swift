import Foundation

/// Turns due follow-ups into outbox posts. It reads the assignments whose next follow-up is due, asks the
/// planner what each is owed, and records the posts together with the next instant, conditionally, so an
/// answer that arrives meanwhile — or another worker — wins and nothing is queued twice.
public struct FollowUpScheduler: Sendable {
    private let store: any FollowUpStore & PeopleStore
    private let livePolicy: LivePolicy

    /// How many due assignments one claim takes. On SQLite a claim, and the record of its batch's plans, each hold
    /// the single writer that people's asks wait for; on either store a claim costs its rows (tens of microseconds
    /// each on PostgreSQL), not the open assignments they are found among. A smaller batch adds a few round trips to a
    /// backlog.
    public static let batchSize = 200
    /// One call handles at most about this many due assignments, so a huge backlog cannot hold the worker forever.
    static let mostDuePerRun = 50_000
    /// Planning a batch takes milliseconds; a replica that dies holding one leaves it to the others this long.
    static let claimLease: TimeInterval = 60

    public init(store: any FollowUpStore & PeopleStore, policy: LivePolicy) {
        self.store = store
        livePolicy = policy
    }

    /// Queues every follow-up due at `now`; returns how many posts were queued.
    @discardableResult
    public func queueDueFollowUps(now instant: Date, batchSize: Int = Self.batchSize) async throws -> Int {
        // Stores keep whole milliseconds. Planning at the instant they compare with keeps "handled through now"
        // from being stored rounded up past a follow-up that was not yet due, which would then never be sent.
        let now = Date(timeIntervalSince1970: (instant.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        var queued = 0
        for _ in 0..<max(1, Self.mostDuePerRun / batchSize) {
            let due = try await store.claimDueAssignments(at: now, limit: batchSize, leaseUntil: now.addingTimeInterval(Self.claimLease))
            guard !due.isEmpty else { break }
            let records = try await plan(due, now: now)
            queued += try await store.record(records)
            if due.count < batchSize { break }
        }
        return queued
    }

    public func nextFollowUpAt() async throws -> Date? {
        try await store.nextFollowUpAt()
    }

    private func plan(_ due: [DueAssignment], now: Date) async throws -> [FollowUpRecord] {
        let policy = livePolicy.current
        let planner = FollowUpPlanner(policy: policy)
        var settings: [WorkspaceRef: [ChatUserID: PersonalSettings]] = [:]
        for (workspace, entries) in Dictionary(grouping: due, by: { $0.item.channel.workspace }) {
            settings[workspace] = try await store.settings(of: Array(Set(entries.map(\.assignee))), in: workspace)
        }
        // The same person is often due on several asks in one batch; their hours are worked out once per channel.
        var hoursByPerson: [ChatChannel: [ChatUserID: WorkingHours]] = [:]
        return due.map { entry in
            let item = entry.item
            guard let assignment = item.assignment(of: entry.assignee) else {
                return FollowUpRecord(due: entry, handledThrough: now, nextFollowUpAt: nil, posts: [])
            }
            let hours = hoursByPerson[item.channel, default: [:]][entry.assignee] ?? policy.workingHours(
                for: entry.assignee, inChannel: item.channel.channelID, personal: settings[item.channel.workspace]?[entry.assignee])
            hoursByPerson[item.channel, default: [:]][entry.assignee] = hours
            let ownNudges = settings[item.channel.workspace]?[entry.assignee]?.nudges
            let step = planner.step(
                for: item, assignment: assignment, hours: hours, ownNudges: ownNudges, handledThrough: entry.handledThrough, now: now)
            let queued = step.due.flatMap { posts(for: $0, of: item, assignee: entry.assignee, hours: hours, policy: policy) }
            return FollowUpRecord(due: entry, handledThrough: now, nextFollowUpAt: step.nextAt, posts: queued)
        }
    }

    /// Where a follow-up goes: reminders and the overdue notice by the tier's routes (the card's thread, a DM),
    /// an escalation to the tier's or channel's target, else under the card; a daily nudge to the assignee's DM, one
    /// per local day of theirs, however many of their asks are due one.
    private func posts(for followUp: FollowUp, of item: Item, assignee: ChatUserID, hours: WorkingHours, policy: ResponsePolicy) -> [QueuedPost] {
        let channelID = item.channel.channelID
        let tier = policy.tier(named: item.tierName, inChannel: channelID)
        func post(to channel: ChatChannel, route: IdempotencyKey.FollowUpRoute, inThread: Bool) -> QueuedPost {
            QueuedPost(
                idempotencyKey: .followUp(followUp.name, of: item.id, for: assignee, route: route), channel: channel, kind: PostKind(followUp.kind), itemID: item.id, subject: assignee,
                replyInThread: inThread, dueAt: followUp.at)
        }
        func elsewhere(_ id: String) -> ChatChannel {
            ChatChannel(platform: item.channel.platform, workspaceID: item.channel.workspaceID, channelID: id)
        }
        // A pre-read's reminder is for the reader alone: the pre-read's thread is for its questions.
        if item.kind == .preread { return [post(to: elsewhere(assignee.rawValue), route: .directMessage, inThread: false)] }
        switch followUp.kind {
        case .nudge:
            let day = LocalDate(of: followUp.at, in: hours.timeZone)
            return [QueuedPost(
                idempotencyKey: .dailyNudge(to: assignee, in: item.channel.workspace, on: day), channel: elsewhere(assignee.rawValue),
                kind: .dailyNudge, itemID: nil, subject: assignee, dueAt: followUp.at)]
        case .escalation:
            let target = tier.flatMap { policy.escalationTarget(for: $0, inChannel: channelID) }
            return [post(to: target.map(elsewhere) ?? item.channel, route: .only, inThread: target == nil)]
        case .firstCall, .reminder, .overdue:
            var routes = tier?.remindVia ?? [.thread, .dm]
            // A tier that sends no reminders still says, once, under the card, that the deadline passed, and calls
            // there whom the card only named.
            if routes.isEmpty {
                guard followUp.kind != .reminder else { return [] }
                routes = [.thread]
            }
            return ResponseTier.ReminderRoute.allCases.filter(routes.contains).map { route in
                switch route {
                case .thread: post(to: item.channel, route: .thread, inThread: true)
                case .dm: post(to: elsewhere(assignee.rawValue), route: .directMessage, inThread: false)
                }
            }
        }
    }
}
