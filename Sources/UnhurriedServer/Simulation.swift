import ChatPlatforms
import Foundation
import Logging
import Synchronization
import UnhurriedConfiguration
import UnhurriedCore
import UnhurriedStorage

/// One message the bot would send in a rehearsal.
public struct SimulatedPost: Sendable, Equatable, Encodable {
    /// A private answer to whoever typed a command, or a post of the outbox's kinds (`item_card`, `reminder`, …).
    public enum Kind: Sendable, Equatable, Encodable, CustomStringConvertible {
        case privateReply
        case post(PostKind)

        public var description: String {
            switch self {
            case .privateReply: "private_reply"
            case .post(let kind): kind.rawValue
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }
    }

    public var at: Date
    /// A channel id, or a user id for a direct message or a private reply.
    public var to: String
    /// Whether it goes to one person: a private reply or a direct message.
    public var isDirect: Bool
    public var inThread: Bool
    public var kind: Kind
    public var item: Int64?
    /// The assignee a follow-up is about.
    public var about: String?
    /// Whom the post calls (notifies), and whom it only names.
    public var notifies: [String]
    public var names: [String]
    /// Those of `notifies` whom it calls outside their working hours or in their focus time: what the product
    /// promises never happens.
    public var notifiesOutsideHours: [String]
    public var text: String

    private enum CodingKeys: String, CodingKey {
        case at, kind, item, channel, to, thread, notifies, text
    }

    /// One line of `simulate --json`: `channel` for a post in a channel, `to` for one to a person.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(at, forKey: .at)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(item, forKey: .item)
        try container.encode(to, forKey: isDirect ? .to : .channel)
        try container.encode(inThread, forKey: .thread)
        try container.encode(notifies, forKey: .notifies)
        try container.encode(text, forKey: .text)
    }
}

/// Replays a scenario in virtual time through the same command handler, scheduler and delivery worker as
/// `serve`, on a throwaway store, and returns every message the bot would send.
public struct Simulation: Sendable {
    public static let platform = "simulation"
    static let workspace = "T0SIM"

    private let policy: ResponsePolicy
    private let scenario: Scenario
    private let logger: Logger

    public init(policy: ResponsePolicy, scenario: Scenario, logger: Logger) {
        self.policy = policy
        self.scenario = scenario
        self.logger = logger
    }

    public func run() async throws -> [SimulatedPost] {
        // Nothing of a rehearsal is kept: its store lives in memory and goes with it.
        try await withRunningStore(InMemoryStore()) { try await replay(on: $0) }
    }

    private func replay(on store: any UnhurriedStore) async throws -> [SimulatedPost] {
        let clock = VirtualClock(scenario.start)
        let live = LivePolicy(policy)
        let handler = CommandHandler(store: store, policy: live)
        let responses = ItemResponses(store: store, policy: live)
        let transport = RecordingTransport(clock: clock)
        let scheduler = FollowUpScheduler(store: store, policy: live)
        let digests = DigestScheduler(store: store, policy: live)
        let dispatcher = OutboxDispatcher(
            store: store, transports: [Self.platform: transport], clock: clock, digests: digests, nudges: DailyNudges(store: store, policy: live),
            logger: logger)
        let workspace = WorkspaceRef(platform: Self.platform, workspaceID: Self.workspace)
        var replies: [SimulatedPost] = []

        func run(_ text: String, as user: ChatUserID, in channelID: String) async throws {
            // The scenario reader accepts only lines that start with a slash command.
            guard let incoming = ConsoleText.command(
                text, speaker: user, channel: ChatChannel(platform: Self.platform, workspaceID: Self.workspace, channelID: channelID))
            else { return }
            let outcome = try await handler.handle(incoming, now: clock.now)
            replies.append(SimulatedPost(
                at: clock.now, to: user.rawValue, isDirect: true, inThread: false, kind: .privateReply, item: outcome.createdItem?.id.rawValue,
                about: nil, notifies: [], names: outcome.reply.namedUsers.map(\.rawValue).sorted(), notifiesOutsideHours: [],
                text: outcome.reply.fallbackText))
        }

        for person in scenario.people {
            if let hours = person.hours { try await run("/hours \(hours)", as: person.user, in: "D0SETUP") }
            for range in person.away { try await run("/away \(range)", as: person.user, in: "D0SETUP") }
        }
        replies.removeAll()

        var pending = scenario.steps[...]
        while true {
            let candidates = [
                pending.first?.at, try await scheduler.nextFollowUpAt(), try await dispatcher.nextPendingAttempt(),
                digests.nextDigestAt(after: clock.now),
            ]
            guard let next = candidates.compactMap({ $0 }).min(), next <= scenario.end else { break }
            clock.move(to: next)
            while let step = pending.first, step.at <= clock.now {
                pending = pending.dropFirst()
                switch step.action {
                case .command(let text): try await run(text, as: step.user, in: step.channel)
                case .reply(let id): _ = try await responses.acknowledge(id, by: step.user, in: workspace, now: clock.now)
                case .done(let id):
                    // As on Slack, a ✅ counts only from someone the ask is waiting on.
                    guard try await store.item(id, in: workspace)?.assignment(of: step.user) != nil else { break }
                    _ = try await responses.finish(id, by: step.user, in: workspace, now: clock.now)
                }
            }
            try await scheduler.queueDueFollowUps(now: clock.now)
            try await digests.queueDueDigests(now: clock.now)
            try await dispatcher.deliverDuePosts()
        }
        var posts = replies
        var hours: [ChatUserID: WorkingHours] = [:]
        for delivery in transport.deliveries {
            var queued: QueuedPost?
            if let key = delivery.idempotencyKey { queued = try await store.post(withKey: IdempotencyKey(stored: key))?.queued }
            let kind: SimulatedPost.Kind = switch (delivery.isUpdate, queued?.kind) {
            case (true, _): .post(.cardUpdate)
            case (false, let kind?): .post(kind)
            case (false, nil): .privateReply
            }
            var outside: [String] = []
            for person in delivery.calls {
                if hours[person] == nil {
                    let settings = try await store.settings(of: [person], in: workspace)[person]
                    hours[person] = policy.workingHours(for: person, inChannel: queued?.channel.channelID ?? "", personal: settings)
                }
                let calendar = WorkingCalendar(hours: hours[person] ?? policy.workingHours)
                if calendar.nextReachableInstant(atOrAfter: delivery.at) > delivery.at { outside.append(person.rawValue) }
            }
            posts.append(SimulatedPost(
                at: delivery.at, to: delivery.channel, isDirect: kind == .privateReply || delivery.channel == queued?.subject?.rawValue,
                inThread: delivery.inThread, kind: kind, item: queued?.itemID?.rawValue, about: queued?.subject?.rawValue,
                notifies: delivery.calls.map(\.rawValue), names: delivery.names.map(\.rawValue), notifiesOutsideHours: outside,
                text: delivery.text))
        }
        return posts.sorted { $0.at < $1.at }
    }
}

/// Records what would be posted, at the virtual instant it would be.
private final class RecordingTransport: ChatTransport {
    struct Delivery: Sendable {
        var at: Date
        var channel: String
        var inThread: Bool
        /// The key of the post, or for an update the key of the post it changes; nil for a private answer.
        var idempotencyKey: String?
        var isUpdate: Bool
        var text: String
        /// Whom it calls, and whom it only names: a private answer or an edit calls nobody.
        var calls: [ChatUserID] = []
        var names: [ChatUserID] = []
    }

    private let clock: VirtualClock
    private let recorded = Mutex<[Delivery]>([])

    init(clock: VirtualClock) {
        self.clock = clock
    }

    var deliveries: [Delivery] { recorded.withLock { $0 } }

    func post(
        _ message: ChatMessage, to channel: ChatChannel, inThreadOf threadRef: String?, idempotencyKey: String
    ) async throws(DeliveryFailure) -> String {
        let uncalled = message.uncalledUsers
        let delivery = Delivery(
            at: clock.now, channel: channel.channelID, inThread: threadRef != nil, idempotencyKey: idempotencyKey,
            isUpdate: false, text: message.fallbackText, calls: message.namedUsers.subtracting(uncalled).sorted { $0.rawValue < $1.rawValue },
            names: uncalled.sorted { $0.rawValue < $1.rawValue })
        recorded.withLock { $0.append(delivery) }
        return idempotencyKey
    }

    func postPrivately(
        _ message: ChatMessage, to user: ChatUserID, in channel: ChatChannel, inThreadOf threadRef: String?
    ) async throws(DeliveryFailure) -> String {
        let delivery = Delivery(
            at: clock.now, channel: user.rawValue, inThread: threadRef != nil, idempotencyKey: nil, isUpdate: false,
            text: message.fallbackText)
        recorded.withLock { $0.append(delivery) }
        return "private"
    }

    /// A rehearsal never crashes mid-post, so there is never anything to look for.
    func findPost(
        idempotencyKey: String, in channel: ChatChannel, inThreadOf threadRef: String?, since: Date
    ) async throws(DeliveryFailure) -> String? {
        nil
    }

    /// Message ids are the posts' idempotency keys, so an update names the post it changes.
    func update(_ messageRef: String, in channel: ChatChannel, with message: ChatMessage) async throws(DeliveryFailure) {
        let delivery = Delivery(
            at: clock.now, channel: channel.channelID, inThread: false, idempotencyKey: messageRef, isUpdate: true,
            text: message.fallbackText)
        recorded.withLock { $0.append(delivery) }
    }
}
