import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnhurriedCore

/// What one delivery pass did, and when it should look again for the channels it had to hold back.
public struct DeliveryPass: Sendable {
    public var attempted: Int
    /// Channels whose pace allowance ran out in this pass; their due posts wait.
    public var heldBack: Set<ChatChannel>
    /// When the first held-back channel may take a post again.
    public var nextRelease: Date?
}

/// Delivers due outbox posts once each: renders them from the item's current state, posts them through the
/// platform's transport at the channel's allowed pace, and records the outcome before looking at the next one.
public final class OutboxDispatcher: Sendable {
    private let store: any UnhurriedStore
    private let transports: [String: any ChatTransport]
    private let clock: any WallClock
    private let retryPolicy: DeliveryRetryPolicy
    private let throttle: Mutex<ChannelThrottle>
    private let metrics: ServerMetrics?
    private let logger: Logger

    public init(
        store: any UnhurriedStore, transports: [String: any ChatTransport], clock: any WallClock,
        retryPolicy: DeliveryRetryPolicy = DeliveryRetryPolicy(), throttle: ChannelThrottle = .slack,
        metrics: ServerMetrics? = nil, logger: Logger
    ) {
        self.store = store
        self.transports = transports
        self.clock = clock
        self.retryPolicy = retryPolicy
        self.throttle = Mutex(throttle)
        self.metrics = metrics
        self.logger = logger
    }

    private var platforms: Set<String> { Set(transports.keys) }

    /// Delivers the posts due now, in batches, holding back channels that have used their allowance. On graceful
    /// shutdown it stops after the post in hand: the rest stay queued for the next start.
    @discardableResult
    public func deliverDuePosts(batchSize: Int = 100) async throws -> DeliveryPass {
        var pass = DeliveryPass(attempted: 0, heldBack: [], nextRelease: nil)
        while !Task.isShuttingDownGracefully {
            let now = clock.now
            let posts = try await store.duePosts(at: now, platforms: platforms, excluding: pass.heldBack, limit: batchSize)
            for post in posts where !pass.heldBack.contains(post.channel) {
                if Task.isShuttingDownGracefully { break }
                let slot = throttle.withLock { $0.nextSlot(for: post.channel, now: clock.now) }
                guard slot <= clock.now else {
                    pass.heldBack.insert(post.channel)
                    pass.nextRelease = min(pass.nextRelease ?? slot, slot)
                    continue
                }
                throttle.withLock { $0.take(for: post.channel, at: clock.now) }
                try await deliver(post)
                pass.attempted += 1
            }
            // Each full batch either delivered a post or held back one more channel, so this ends.
            if posts.count < batchSize { break }
        }
        return pass
    }

    /// When a post outside the held-back channels is next due.
    public func nextPendingAttempt(excluding heldBack: Set<ChatChannel>) async throws -> Date? {
        try await store.nextPendingAttempt(platforms: platforms, excluding: heldBack)
    }

    private func deliver(_ post: OutboxPost) async throws {
        var logger = logger
        logger[metadataKey: "post"] = "\(post.idempotencyKey)"
        guard let transport = transports[post.channel.platform] else { return }
        guard let item = try await store.item(post.itemID, in: post.channel.workspace) else {
            try await store.markFailed(post.id, error: "item \(post.itemID) no longer exists", retryAt: nil)
            logger.error("Outbox post refers to a missing item; marked dead")
            return
        }
        let message = switch post.kind {
        case .itemCard: MessageComposer.itemCard(item)
        }
        let messageRef: String
        do {
            messageRef = try await transport.post(message, to: post.channel, idempotencyKey: post.idempotencyKey)
        } catch {
            try await recordFailure(error, of: post, logger: logger)
            return
        }
        try await store.markSent(post.id, messageRef: messageRef, at: clock.now)
        metrics?.postDelivered(platform: post.channel.platform, outcome: "sent")
        logger.info("Delivered post", metadata: ["channel": "\(post.channel.channelID)", "message": "\(messageRef)"])
    }

    private func recordFailure(_ failure: DeliveryFailure, of post: OutboxPost, logger: Logger) async throws {
        let attempts = post.attempts + 1
        let retryAt = retryPolicy.nextAttempt(after: failure, attemptsSoFar: attempts, now: clock.now, jitter: .random(in: 0...1))
        try await store.markFailed(post.id, error: failure.description, retryAt: retryAt)
        metrics?.postDelivered(platform: post.channel.platform, outcome: retryAt == nil ? "dead" : "retry")
        if let retryAt {
            logger.warning("Post failed; will retry", metadata: [
                "error": "\(failure)", "attempt": "\(attempts)", "retry_at": "\(retryAt)",
            ])
        } else {
            logger.error("Post failed for good; parked as dead", metadata: ["error": "\(failure)", "attempt": "\(attempts)"])
        }
    }
}
