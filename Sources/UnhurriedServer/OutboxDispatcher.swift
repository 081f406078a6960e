import Foundation
import Logging
import ServiceLifecycle
import UnhurriedCore

/// Delivers due outbox posts once each: renders them from the item's current state, posts them through the
/// platform's transport, and records the outcome before looking at the next one.
public struct OutboxDispatcher: Sendable {
    private let store: any UnhurriedStore
    private let transports: [String: any ChatTransport]
    private let clock: any WallClock
    private let retryPolicy: DeliveryRetryPolicy
    private let metrics: ServerMetrics?
    private let logger: Logger

    public init(
        store: any UnhurriedStore, transports: [String: any ChatTransport], clock: any WallClock,
        retryPolicy: DeliveryRetryPolicy = DeliveryRetryPolicy(), metrics: ServerMetrics? = nil, logger: Logger
    ) {
        self.store = store
        self.transports = transports
        self.clock = clock
        self.retryPolicy = retryPolicy
        self.metrics = metrics
        self.logger = logger
    }

    private var platforms: Set<String> { Set(transports.keys) }

    /// Delivers every post due now, in batches; returns how many were attempted. On graceful shutdown it
    /// stops after the post in hand: the rest stay queued for the next start.
    @discardableResult
    public func deliverDuePosts(batchSize: Int = 100) async throws -> Int {
        var attempted = 0
        while !Task.isShuttingDownGracefully {
            let posts = try await store.duePosts(at: clock.now, platforms: platforms, limit: batchSize)
            for post in posts {
                if Task.isShuttingDownGracefully { break }
                try await deliver(post)
                attempted += 1
            }
            if posts.count < batchSize { break }
        }
        return attempted
    }

    public func nextPendingAttempt() async throws -> Date? {
        try await store.nextPendingAttempt(platforms: platforms)
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
