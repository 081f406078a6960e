import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnhurriedCore

/// Delivers due outbox posts once each: renders them from the item's current state, paces them per channel,
/// posts them through the platform's transport, and records the outcome before looking at the next one.
public final class OutboxDispatcher: Sendable {
    private let store: any UnhurriedStore
    private let transports: [String: any ChatTransport]
    private let clock: any WallClock
    private let retryPolicy: DeliveryRetryPolicy
    private let metrics: ServerMetrics?
    private let logger: Logger
    /// Compose digests and standup digests when they are sent; without them, those posts are skipped.
    private let digests: DigestScheduler?
    private let standups: StandupScheduler?
    private let pacer: Mutex<ChannelPacer>

    /// How long a follow-up waits for its item's card when it should reply under it.
    static let cardWait: TimeInterval = 5

    public init(
        store: any UnhurriedStore, transports: [String: any ChatTransport], clock: any WallClock,
        retryPolicy: DeliveryRetryPolicy = DeliveryRetryPolicy(), pacer: ChannelPacer = ChannelPacer(),
        digests: DigestScheduler? = nil, standups: StandupScheduler? = nil, metrics: ServerMetrics? = nil, logger: Logger
    ) {
        self.digests = digests
        self.standups = standups
        self.store = store
        self.transports = transports
        self.clock = clock
        self.retryPolicy = retryPolicy
        self.metrics = metrics
        self.logger = logger
        self.pacer = Mutex(pacer)
    }

    private var platforms: Set<String> { Set(transports.keys) }

    /// Whether a delivery reached the platform (or settled the post without it), or left the post for later.
    private enum Attempt {
        case made
        case deferred
    }

    /// How long a claimed batch is this worker's alone; when a replica dies, its batch waits this long for another.
    static let claimLease: TimeInterval = 60
    /// Posts are started only this early in the lease, so the last one (a post, or a look through a few pages of
    /// history after an unknown outcome, each request under the HTTP client's 10 s timeout) ends before anyone else
    /// may take it.
    static let startWithin: TimeInterval = 20

    /// Delivers every post due now, in batches; returns how many were attempted. On graceful shutdown it
    /// stops after the post in hand: the rest are released, unmarked, for the next start or another replica.
    @discardableResult
    public func deliverDuePosts(batchSize: Int = 100) async throws -> Int {
        var attempted = 0
        while !Task.isShuttingDownGracefully {
            let claimedAt = clock.now
            let startBy = claimedAt.addingTimeInterval(Self.startWithin)
            let posts = try await store.claimDuePosts(
                at: claimedAt, platforms: platforms, limit: batchSize, leaseUntil: claimedAt.addingTimeInterval(Self.claimLease))
            var postponed: [(Int64, Date)] = []
            var ready: [OutboxPost] = []
            for post in posts {
                if let slot = paceSlot(for: post) {
                    postponed.append((post.id, slot))
                } else {
                    ready.append(post)
                }
            }
            if !postponed.isEmpty { try await store.postpone(postponed, reason: "paced: the channel's rate limit", pacedSlot: true) }
            // Marked before the first attempt, so a crash mid-post leaves a trace for the next start to look for;
            // posts this pass did not attempt after all are released with the mark they had, so no lookup is wasted.
            try await store.markInFlight(ready.map(\.id), at: clock.now)
            var notAttempted: [OutboxPost] = []
            for post in ready {
                guard !Task.isShuttingDownGracefully, clock.now < startBy else {
                    notAttempted.append(post)
                    continue
                }
                if try await deliver(post) == .deferred { notAttempted.append(post) } else { attempted += 1 }
            }
            try await store.release(notAttempted)
            if posts.count < batchSize { break }
        }
        return attempted
    }

    public func nextPendingAttempt() async throws -> Date? {
        try await store.nextPendingAttempt(platforms: platforms)
    }

    /// Nil when the post may go now; otherwise the later slot it was given. A post whose slot has come goes,
    /// whichever worker (or replica) reserved it.
    private func paceSlot(for post: OutboxPost) -> Date? {
        guard !post.holdsPacedSlot else { return nil }
        let now = clock.now
        let slot = pacer.withLock { $0.reserve(post.channel, now: now) }
        return slot > now ? slot : nil
    }

    private func deliver(_ post: OutboxPost) async throws -> Attempt {
        var logger = logger
        logger[metadataKey: "post"] = "\(post.idempotencyKey)"
        guard let transport = transports[post.channel.platform] else { return .deferred }
        do {
            switch post.kind {
            case .digest:
                let message = try await digests?.digest(of: post.channel, dueAt: post.queued.dueAt, now: clock.now)
                try await sendDigest(message, for: post, transport: transport, logger: logger)
            case .standupDigest:
                let message = try await standups?.digest(of: post.channel, dueAt: post.queued.dueAt, now: clock.now)
                try await sendDigest(message, for: post, transport: transport, logger: logger)
            case .notice, .standupPrompt:
                try await sendNotice(post, transport: transport, logger: logger)
            case .itemCard:
                guard let item = try await item(of: post, logger: logger) else { return .made }
                // A pre-read cancelled before its time is never posted, nor one whose meeting began while the server was
                // down; an ask's card shows its cancellation instead.
                if let meeting = item.meeting, item.status == .cancelled || clock.now >= meeting.startsAt {
                    try await store.markSkipped(post.id, reason: item.status == .cancelled ? "cancelled before it was posted" : "its meeting has started")
                    return .made
                }
                if try await recoverPost(post, inThreadOf: nil, transport: transport, logger: logger) { return .made }
                let ref = try await transport.post(
                    MessageComposer.itemCard(item), to: post.channel, inThreadOf: nil, idempotencyKey: post.idempotencyKey.rawValue)
                try await recordSent(post, messageRef: ref, logger: logger)
            case .cardUpdate:
                guard let item = try await item(of: post, logger: logger) else { return .made }
                return try await updateCard(of: item, for: post, transport: transport, logger: logger)
            case .reminder, .overdue, .escalation:
                guard let item = try await item(of: post, logger: logger) else { return .made }
                return try await sendFollowUp(post, about: item, transport: transport, logger: logger)
            case .prereadSummary:
                guard let item = try await item(of: post, logger: logger) else { return .made }
                return try await sendSummary(post, of: item, transport: transport, logger: logger)
            }
        } catch let failure as DeliveryFailure {
            let givenUp = try await recordFailure(failure, of: post, logger: logger)
            // A summary that will never be posted still ends its pre-read, as one posted would.
            if givenUp, post.kind == .prereadSummary, let id = post.itemID, let item = try await store.item(id, in: post.channel.workspace) {
                await close(item, logger: logger)
            }
        }
        return .made
    }

    /// The item a post is about, as it is now; a post whose item is gone is parked as dead.
    private func item(of post: OutboxPost, logger: Logger) async throws -> Item? {
        if let id = post.itemID, let item = try await store.item(id, in: post.channel.workspace) { return item }
        try await store.markFailed(post.id, error: "item \(post.itemID?.description ?? "(none)") does not exist", retryAt: nil, uncertain: false)
        logger.error("Outbox post refers to a missing item; marked dead")
        return nil
    }

    private func sendNotice(_ post: OutboxPost, transport: any ChatTransport, logger: Logger) async throws {
        guard var body = post.queued.body else { return try await store.markSkipped(post.id, reason: "a notice without a message") }
        // A notice answers someone; the people it names are called by the card and the follow-ups, not by it. A prompt
        // is a question to its reader, who should be notified of it.
        body.callsPeopleNamed = post.kind == .standupPrompt
        let thread = post.queued.threadRef
        let ref: String
        if let user = post.queued.privateTo {
            ref = try await transport.postPrivately(body, to: user, in: post.channel, inThreadOf: thread)
        } else {
            if try await recoverPost(post, inThreadOf: thread, transport: transport, logger: logger) { return }
            ref = try await transport.post(body, to: post.channel, inThreadOf: thread, idempotencyKey: post.idempotencyKey.rawValue)
        }
        try await recordSent(post, messageRef: ref, logger: logger)
    }

    /// Posts a digest composed just now; nil when there is nothing to say.
    private func sendDigest(_ message: ChatMessage?, for post: OutboxPost, transport: any ChatTransport, logger: Logger) async throws {
        guard let message else { return try await store.markSkipped(post.id, reason: "nothing to say") }
        if try await recoverPost(post, inThreadOf: nil, transport: transport, logger: logger) { return }
        let ref = try await transport.post(message, to: post.channel, inThreadOf: nil, idempotencyKey: post.idempotencyKey.rawValue)
        try await recordSent(post, messageRef: ref, logger: logger)
    }

    /// Where an item's card stands, for posts that refer to it.
    private enum Card {
        case posted(messageRef: String)
        /// Still to be posted: the post that refers to it was postponed until it is.
        case awaited
        /// Never posted and never will be (dead, skipped, or no card at all).
        case absent
    }

    private func card(of item: Item, for post: OutboxPost) async throws -> Card {
        guard let card = try await store.post(withKey: .card(of: item.id)) else { return .absent }
        switch card.status {
        case .sent:
            return card.messageRef.map(Card.posted) ?? .absent
        case .pending:
            // A pre-read's card waits for its time, which may be a day away: no point looking before then.
            let lookAgain = max(clock.now.addingTimeInterval(Self.cardWait), card.nextAttemptAt)
            try await store.postpone([(post.id, lookAgain)], reason: "waiting for the card to be posted", pacedSlot: false)
            return .awaited
        case .dead, .skipped:
            return .absent
        }
    }

    private enum ReplyThread {
        /// Under this message, or on its own in the channel when there is no card to reply under.
        case ready(String?)
        case awaited
    }

    /// Where a reply under the item's card goes.
    private func replyThread(under item: Item, for post: OutboxPost) async throws -> ReplyThread {
        switch try await card(of: item, for: post) {
        case .posted(let ref): .ready(ref)
        case .awaited: .awaited
        case .absent: .ready(nil)
        }
    }

    private func updateCard(of item: Item, for post: OutboxPost, transport: any ChatTransport, logger: Logger) async throws -> Attempt {
        switch try await card(of: item, for: post) {
        case .posted(let ref):
            try await transport.update(ref, in: post.channel, with: MessageComposer.itemCard(item))
            try await recordSent(post, messageRef: ref, logger: logger)
        case .awaited:
            // The card may already be rendered from the old state, so it is updated after it is posted.
            return .deferred
        case .absent:
            try await store.markSkipped(post.id, reason: "the card was never posted")
        }
        return .made
    }

    private func sendFollowUp(_ post: OutboxPost, about item: Item, transport: any ChatTransport, logger: Logger) async throws -> Attempt {
        guard let assignee = post.queued.subject, item.status == .open, let assignment = item.assignment(of: assignee),
              assignment.isAwaitingResponse, let kind = FollowUpKind(rawValue: post.kind.rawValue) else {
            try await store.markSkipped(post.id, reason: "answered or closed before it was due")
            return .made
        }
        if let meeting = item.meeting, clock.now >= meeting.startsAt {
            try await store.markSkipped(post.id, reason: "the meeting has started")
            return .made
        }
        // Snoozed after this was queued (it waited for its slot or its card): it waits for the snooze to end.
        if kind != .escalation, let until = assignment.snoozedUntil, until > clock.now {
            try await store.postpone([(post.id, until)], reason: "snoozed", pacedSlot: false)
            return .deferred
        }
        var thread: String?
        if post.queued.replyInThread {
            guard case .ready(let ref) = try await replyThread(under: item, for: post) else { return .deferred }
            thread = ref
        }
        if try await recoverPost(post, inThreadOf: thread, transport: transport, logger: logger) { return .made }
        let ref = try await transport.post(
            MessageComposer.followUp(kind, item: item, assignee: assignee), to: post.channel, inThreadOf: thread,
            idempotencyKey: post.idempotencyKey.rawValue)
        try await recordSent(post, messageRef: ref, logger: logger)
        return .made
    }

    /// A summary this late (the server was down at the meeting) would come after the meeting is over.
    static let summaryStaleAfter: TimeInterval = 6 * 3600

    /// At the meeting, under the pre-read: who read it and what is still open. Nothing when it was cancelled. Then the
    /// pre-read is closed, so its card loses its buttons.
    private func sendSummary(_ post: OutboxPost, of item: Item, transport: any ChatTransport, logger: Logger) async throws -> Attempt {
        guard item.status == .open else {
            try await store.markSkipped(post.id, reason: "the pre-read was cancelled")
            return .made
        }
        guard clock.now.timeIntervalSince(post.queued.dueAt) < Self.summaryStaleAfter else {
            try await store.markSkipped(post.id, reason: "the meeting is long over")
            await close(item, logger: logger)
            return .made
        }
        guard case .ready(let posted) = try await replyThread(under: item, for: post) else { return .deferred }
        // Nobody saw a pre-read that was never posted (its meeting began while the server was down): no summary of it.
        guard let thread = posted else {
            try await store.markSkipped(post.id, reason: "the pre-read was never posted")
            await close(item, logger: logger)
            return .made
        }
        let deliveredBefore = try await recoverPost(post, inThreadOf: thread, transport: transport, logger: logger)
        if !deliveredBefore {
            let ref = try await transport.post(
                MessageComposer.prereadSummary(item), to: post.channel, inThreadOf: thread, idempotencyKey: post.idempotencyKey.rawValue)
            try await recordSent(post, messageRef: ref, logger: logger)
        }
        await close(item, logger: logger)
        return .made
    }

    /// Marks a pre-read whose meeting started done, from its stored state (a reader may have pressed meanwhile). The
    /// summary is out whatever happens here: a pre-read left open only keeps its buttons.
    private func close(_ preread: Item, logger: Logger) async {
        var item = preread
        do {
            for _ in 0..<ItemResponses.attemptsPerChange {
                guard item.status == .open else { return }
                item.status = .done
                for index in item.assignments.indices { item.assignments[index].nextFollowUpAt = nil }
                if try await store.update(item, recording: ItemEvent(kind: .meetingStarted, actor: item.author, at: clock.now)) { return }
                guard let fresh = try await store.item(item.id, in: item.channel.workspace) else { return }
                item = fresh
            }
            logger.warning("Could not close a pre-read after its summary; it kept changing", metadata: ["item": "\(preread.id)"])
        } catch {
            logger.warning("Could not close a pre-read after its summary", metadata: ["item": "\(preread.id)", "error": "\(error)"])
        }
    }

    /// After a crash mid-attempt the platform may have the post already: look for it by its idempotency key and
    /// record it as sent if found. Returns false when it must be posted. A lookup that fails is retried like a post.
    private func recoverPost(
        _ post: OutboxPost, inThreadOf thread: String?, transport: any ChatTransport, logger: Logger
    ) async throws -> Bool {
        guard let since = post.inFlightSince else { return false }
        let found: String?
        do {
            found = try await transport.findPost(idempotencyKey: post.idempotencyKey.rawValue, in: post.channel, inThreadOf: thread, since: since)
        } catch .permanent(let reason) {
            // The history cannot be read here (a missing scope, say): a possible duplicate beats a lost post.
            logger.warning("Could not look for a post whose outcome is unknown; posting it", metadata: ["error": "\(reason)"])
            return false
        }
        guard let ref = found else {
            logger.info("Post interrupted by a restart was not delivered; posting it now")
            return false
        }
        logger.notice("Post interrupted by a restart had been delivered; recorded without posting again", metadata: ["message": "\(ref)"])
        try await recordSent(post, messageRef: ref, logger: logger)
        return true
    }

    private func recordSent(_ post: OutboxPost, messageRef: String, logger: Logger) async throws {
        try await store.markSent(post.id, messageRef: messageRef, at: clock.now)
        metrics?.postDelivered(platform: post.channel.platform, outcome: "sent")
        logger.info("Delivered post", metadata: ["channel": "\(post.channel.channelID)", "message": "\(messageRef)"])
    }

    /// Returns whether the post was given up on (parked as dead).
    @discardableResult
    private func recordFailure(_ failure: DeliveryFailure, of post: OutboxPost, logger: Logger) async throws -> Bool {
        let attempts = post.attempts + 1
        let retryAt = retryPolicy.nextAttempt(after: failure, attemptsSoFar: attempts, now: clock.now, jitter: .random(in: 0...1))
        // An attempt that was already uncertain stays so until a lookup or a post settles it.
        let uncertain = post.inFlightSince != nil || failure.mayHaveBeenDelivered
        try await store.markFailed(post.id, error: failure.description, retryAt: retryAt, uncertain: uncertain)
        metrics?.postDelivered(platform: post.channel.platform, outcome: retryAt == nil ? "dead" : "retry")
        if let retryAt {
            logger.warning("Post failed; will retry", metadata: [
                "error": "\(failure)", "attempt": "\(attempts)", "retry_at": "\(retryAt)",
            ])
        } else {
            logger.error("Post failed for good; parked as dead", metadata: ["error": "\(failure)", "attempt": "\(attempts)"])
        }
        return retryAt == nil
    }
}
