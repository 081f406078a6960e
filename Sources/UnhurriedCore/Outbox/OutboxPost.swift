import Foundation

/// One message waiting to be delivered, as the outbox holds it.
public struct OutboxPost: Sendable, Equatable {
    public enum Status: String, Sendable {
        case pending
        case sent
        case dead
        /// Not sent because it no longer applied when its turn came (the ask was answered meanwhile).
        case skipped
    }

    public var id: Int64
    public var queued: QueuedPost
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var messageRef: String?
    /// When an attempt whose outcome was never recorded began: the platform may have the post already.
    public var inFlightSince: Date?
    /// Its next attempt is a slot some worker's pacer gave it: whichever worker claims it then sends it unpaced.
    public var holdsPacedSlot: Bool

    public init(
        id: Int64, queued: QueuedPost, status: Status, attempts: Int, nextAttemptAt: Date, lastError: String?, messageRef: String?,
        inFlightSince: Date? = nil, holdsPacedSlot: Bool = false
    ) {
        self.id = id
        self.queued = queued
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.messageRef = messageRef
        self.inFlightSince = inFlightSince
        self.holdsPacedSlot = holdsPacedSlot
    }

    public var idempotencyKey: IdempotencyKey { queued.idempotencyKey }
    public var channel: ChatChannel { queued.channel }
    public var kind: PostKind { queued.kind }
    public var itemID: ItemID? { queued.itemID }
}
