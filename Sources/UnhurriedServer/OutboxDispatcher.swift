import Foundation
import Logging
import ServiceLifecycle
import DecisionPublishers
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
    /// What the admin page shows of each platform; nil where nobody looks (`simulate`, tests).
    private let activity: PlatformActivity?
    private let logger: Logger
    /// Compose digests, standup digests and daily nudges when they are sent; without them, those posts are skipped.
    private let digests: DigestScheduler?
    private let standups: StandupScheduler?
    private let nudges: DailyNudges?
    /// Sends decisions to the policy's publication targets; without it, publications are skipped.
    private let publishing: DecisionPublishing?
    private let pacer: Mutex<ChannelPacer>

    public init(
        store: any UnhurriedStore, transports: [String: any ChatTransport], clock: any WallClock,
        retryPolicy: DeliveryRetryPolicy = DeliveryRetryPolicy(), pacer: ChannelPacer = ChannelPacer(),
        digests: DigestScheduler? = nil, standups: StandupScheduler? = nil, nudges: DailyNudges? = nil, publishing: DecisionPublishing? = nil,
        metrics: ServerMetrics? = nil, activity: PlatformActivity? = nil, logger: Logger
    ) {
        self.activity = activity
        self.publishing = publishing
        self.digests = digests
        self.standups = standups
        self.nudges = nudges
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
                guard !Task.isShuttingDownGracefully, clock.now < startBy, !heldUpPastItsSlot(post, claimedAt: claimedAt) else {
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

    /// Whether a post the batch's pacing let go has waited so long behind slow attempts (a chat API holding each
    /// one for its whole timeout) that its channel's bucket refilled meanwhile: it takes a slot again, and goes back
    /// for a later pass when that slot is not now, so the late end of one batch and the burst of the next do not
    /// reach the channel together.
    private func heldUpPastItsSlot(_ post: OutboxPost, claimedAt: Date) -> Bool {
        let now = clock.now
        guard post.kind.goesToChat else { return false }
        return pacer.withLock { pacer in
            guard now.timeIntervalSince(claimedAt) >= pacer.interval else { return false }
            return pacer.reserve(post.channel, now: now) > now
        }
    }

    /// Nil when the post may go now; otherwise the later slot it was given. A post whose slot has come goes,
    /// whichever worker (or replica) reserved it, but only while the slot is current: when a chat API held every
    /// post for its whole timeout, the slots of a channel's backlog all passed meanwhile, and honouring them would
    /// send that backlog in one burst.
    private func paceSlot(for post: OutboxPost) -> Date? {
        let now = clock.now
        guard post.kind.goesToChat else { return nil }
        return pacer.withLock { pacer in
            if post.holdsPacedSlot, now.timeIntervalSince(post.nextAttemptAt) < pacer.interval { return nil }
            let slot = pacer.reserve(post.channel, now: now)
            return slot > now ? slot : nil
        }
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
                let parts = try await standups?.digest(of: post.channel, dueAt: post.queued.dueAt, now: clock.now) ?? []
                try await queueContinuations(parts.dropFirst(), of: post)
                try await sendDigest(parts.first, for: post, transport: transport, logger: logger)
            case .dailyNudge:
                var message: ChatMessage?
                if let person = post.queued.subject {
                    message = try await nudges?.nudge(to: person, in: post.channel.workspace, dueAt: post.queued.dueAt)
                }
                try await sendDigest(message, for: post, transport: transport, logger: logger)
            case .publication:
                return try await publish(post, logger: logger)
            case .notice, .standupPrompt:
                try await sendNotice(post, transport: transport, logger: logger)
            case .itemCard, .cardUpdate, .firstCall, .reminder, .overdue, .escalation, .prereadSummary, .threadCall:
                guard let item = try await item(of: post, logger: logger) else { return .made }
                let card = ItemDelivery.needsCard(post.queued) ? CardState(of: try await store.post(withKey: .card(of: item.id))) : nil
                let replies = ItemDelivery.needsReplies(post.queued) ? try await self.replies(under: item) : []
                guard let delivery = ItemDelivery.decide(post.queued, about: item, card: card, replies: replies, now: clock.now) else { return .made }
                return try await carryOut(delivery, of: post, about: item, transport: transport, logger: logger)
            }
        } catch let failure as DeliveryFailure {
            try await recordFailure(failure, of: post, logger: logger)
        }
        return .made
    }

    private func replies(under item: Item) async throws -> [ItemEvent] {
        let history = try await store.itemHistories(HistoryQuery(includingOpen: true, workspace: item.channel.workspace, itemID: item.id))
        return history.first?.events.filter { $0.kind == .replied } ?? []
    }

    private func carryOut(
        _ delivery: ItemDelivery, of post: OutboxPost, about item: Item, transport: any ChatTransport, logger: Logger
    ) async throws -> Attempt {
        switch delivery {
        case .skip(let reason, let closesPreread):
            try await store.markSkipped(post.id, reason: reason)
            if closesPreread { await close(item, logger: logger) }
        case .postpone(let until, let reason):
            try await store.postpone([(post.id, until)], reason: reason, pacedSlot: false)
            return .deferred
        case .update(let ref, let card):
            try await transport.update(ref, in: post.channel, with: card)
            try await recordSent(post, messageRef: ref, logger: logger)
        case .post(let message, let thread, let closesPreread):
            do {
                try await send(message, for: post, inThreadOf: thread, transport: transport, logger: logger)
            } catch let failure as DeliveryFailure {
                // A summary that will never be posted still ends its pre-read, as one posted would.
                if try await recordFailure(failure, of: post, logger: logger), closesPreread { await close(item, logger: logger) }
                return .made
            }
            if closesPreread { await close(item, logger: logger) }
        }
        return .made
    }

    /// Sends a decision to the publication target its key names. A target that can be asked (a Confluence page, a
    /// Notion data source) is looked at first when an earlier attempt's outcome is unknown; a webhook gets the same key
    /// again to deduplicate on.
    private func publish(_ post: OutboxPost, logger: Logger) async throws -> Attempt {
        guard let publishing, let target = post.idempotencyKey.publicationTarget else {
            try await store.markSkipped(post.id, reason: "publishing is not set up on this server")
            return .made
        }
        guard let decision = try await item(of: post, logger: logger) else { return .made }
        do {
            guard let publisher = try publishing.publisher(forTarget: target) else {
                try await store.markSkipped(post.id, reason: "the policy no longer publishes to \(target)")
                return .made
            }
            let publication = DecisionPublication(of: decision, key: post.idempotencyKey)
            let ref = try await publisher.publish(publication, earlierAttemptUncertain: post.inFlightSince != nil)
            try await recordSent(post, messageRef: ref, logger: logger)
        } catch let failure as DeliveryFailure {
            try await recordFailure(failure, of: post, logger: logger)
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
        guard let user = post.queued.privateTo else {
            return try await send(body, for: post, inThreadOf: thread, transport: transport, logger: logger)
        }
        let ref = try await transport.postPrivately(body, to: user, in: post.channel, inThreadOf: thread)
        try await recordSent(post, messageRef: ref, logger: logger)
    }

    /// The parts after the first of a post too long for one, as notices of their own, queued before the first is
    /// sent so that a restart between the two loses none: each is then delivered once, paced, like any post.
    private func queueContinuations(_ parts: ArraySlice<ChatMessage>, of post: OutboxPost) async throws {
        guard !parts.isEmpty else { return }
        try await store.queue(parts.enumerated().map { offset, part in
            QueuedPost(idempotencyKey: .continuation(of: post.idempotencyKey, part: offset + 2), channel: post.channel, kind: .notice,
                       itemID: nil, body: part, dueAt: clock.now.addingTimeInterval(Double(offset + 1)))
        })
    }

    /// Posts a digest or a daily nudge composed just now; nil when there is nothing to say.
    private func sendDigest(_ message: ChatMessage?, for post: OutboxPost, transport: any ChatTransport, logger: Logger) async throws {
        guard let message else { return try await store.markSkipped(post.id, reason: "nothing to say") }
        try await send(message, for: post, inThreadOf: nil, transport: transport, logger: logger)
    }

    /// Posts `message` for `post`, unless an attempt interrupted by a restart had posted it already.
    private func send(
        _ message: ChatMessage, for post: OutboxPost, inThreadOf thread: String?, transport: any ChatTransport, logger: Logger
    ) async throws {
        if try await recoverPost(post, inThreadOf: thread, transport: transport, logger: logger) { return }
        let ref = try await transport.post(message, to: post.channel, inThreadOf: thread, idempotencyKey: post.idempotencyKey.rawValue)
        try await recordSent(post, messageRef: ref, logger: logger)
    }

    /// Marks a pre-read whose meeting started done, from its stored state (a reader may have pressed meanwhile). The
    /// summary is out whatever happens here: a pre-read left open only keeps its buttons.
    private func close(_ preread: Item, logger: Logger) async {
        var item = preread
        do {
            let settled = try await ConflictRetry.run { () -> Bool? in
                guard item.status == .open else { return true }
                var closed = item
                closed.status = .done
                for index in closed.assignments.indices { closed.assignments[index].nextFollowUpAt = nil }
                if try await store.update(closed, recording: ItemEvent(kind: .meetingStarted, actor: item.author, at: clock.now)) { return true }
                guard let fresh = try await store.item(item.id, in: item.channel.workspace) else { return true }
                item = fresh
                return nil
            }
            if settled == nil { logger.warning("Could not close a pre-read after its summary; it kept changing", metadata: ["item": "\(preread.id)"]) }
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
        activity?.delivered(post, at: clock.now)
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
        activity?.failed(post, error: failure.description, at: clock.now)
        if let retryAt {
            logger.warning("Post failed; will retry", metadata: [
                "error": "\(failure)", "attempt": "\(attempts)", "retry_at": "\(retryAt)",
            ])
            return false
        }
        logger.error("Post failed for good; parked as dead", metadata: ["error": "\(failure)", "attempt": "\(attempts)"])
        metrics?.postDied(platform: post.channel.platform, reason: DeadPost.reason(of: failure))
        // A dead post is never silent: whoever asked hears what failed, privately.
        var item: Item?
        if let id = post.itemID { item = try await store.item(id, in: post.channel.workspace) }
        if let notice = DeadPost.notice(of: post, about: item, failure: failure, now: clock.now) { try await store.queue([notice]) }
        return true
    }
}
