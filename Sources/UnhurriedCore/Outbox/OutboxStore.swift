import Foundation

/// The durable queue of posts to chat platforms.
public protocol OutboxStore: Sendable {
    /// Claims pending posts to `platforms` that are due at `now` and that no other worker holds, oldest first:
    /// no other worker (in this process or another replica) gets them until `leaseUntil`. Recording an outcome,
    /// postponing or releasing ends the claim; a worker that dies holding one loses it when the lease runs out.
    func claimDuePosts(at now: Date, platforms: Set<String>, limit: Int, leaseUntil: Date) async throws -> [OutboxPost]
    /// When the earliest pending post to `platforms` is next due (or its claim runs out), if any is pending.
    func nextPendingAttempt(platforms: Set<String>) async throws -> Date?
    /// Records that delivery attempts on these posts begin now; recording their outcome clears it.
    func markInFlight(_ postIDs: [Int64], at: Date) async throws
    /// Gives back claimed posts that were not attempted after all, with the in-flight mark each had when claimed.
    func release(_ posts: [OutboxPost]) async throws
    /// Records the platform's id of the delivered message; the post is never sent again.
    func markSent(_ postID: Int64, messageRef: String, at: Date) async throws
    /// Records a failed attempt: the post is tried again at `retryAt`, or never again when `retryAt` is nil.
    /// `uncertain` keeps it marked in flight: the platform may have it, so the next attempt looks first.
    func markFailed(_ postID: Int64, error: String, retryAt: Date?, uncertain: Bool) async throws
    func posts(withStatus status: OutboxPost.Status) async throws -> [OutboxPost]
    /// Dead posts by their last error, with only the `newest` latest of each read, so that a flood of them costs little.
    func deadPostsByError(newest: Int) async throws -> [DeadPostGroup]
    /// How many posts are pending and how many dead.
    func countPostsAwaitingAttention() async throws -> [OutboxPost.Status: Int]
    /// Puts a pending or dead post back in the queue, due at `at`, with a fresh count of attempts.
    /// Returns false when there is no such post, or it was sent or skipped.
    func requeue(_ postID: Int64, at: Date) async throws -> Bool
    /// The post queued under `idempotencyKey`, whatever its status.
    func post(withKey idempotencyKey: IdempotencyKey) async throws -> OutboxPost?
    /// Moves pending posts to a later attempt without counting one. An in-flight mark stays: a post whose earlier
    /// attempt may have reached the platform is still looked for first. `pacedSlot`: the new instant is a slot a
    /// pacer reserved for it, so it is not paced again (`holdsPacedSlot`); otherwise it is paced when it comes due.
    func postpone(_ posts: [(id: Int64, until: Date)], reason: String, pacedSlot: Bool) async throws
    /// Records that the post no longer applies; it is never sent.
    func markSkipped(_ postID: Int64, reason: String) async throws
    /// Queues posts unless their idempotency keys are queued already.
    func queue(_ posts: [QueuedPost]) async throws
    /// The item whose card or follow-up was delivered as message `messageRef` in `channel`, or that was tracked from
    /// that message: its card is in the message's thread, so a reply there is about the ask.
    func itemID(postedAs messageRef: String, in channel: ChatChannel) async throws -> ItemID?
}
