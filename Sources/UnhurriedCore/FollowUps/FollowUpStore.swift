import Foundation

/// An assignment whose next follow-up is due, as the scheduler reads it.
public struct DueAssignment: Sendable {
    public var item: Item
    public var assignee: ChatUserID
    /// Every follow-up due up to this instant has been planned already.
    public var handledThrough: Date
    /// The store's `nextFollowUpAt` when read; a record applies only if it is unchanged.
    public var nextFollowUpAt: Date

    public init(item: Item, assignee: ChatUserID, handledThrough: Date, nextFollowUpAt: Date) {
        self.item = item
        self.assignee = assignee
        self.handledThrough = handledThrough
        self.nextFollowUpAt = nextFollowUpAt
    }
}

/// What the scheduler decided for one due assignment: the posts to queue and when to look again.
public struct FollowUpRecord: Sendable {
    public var due: DueAssignment
    public var handledThrough: Date
    public var nextFollowUpAt: Date?
    public var posts: [QueuedPost]

    public init(due: DueAssignment, handledThrough: Date, nextFollowUpAt: Date?, posts: [QueuedPost]) {
        self.due = due
        self.handledThrough = handledThrough
        self.nextFollowUpAt = nextFollowUpAt
        self.posts = posts
    }
}

/// The scheduler's view of the store: assignments indexed by when they are next owed a follow-up.
public protocol FollowUpStore: Sendable {
    /// Claims assignments whose next follow-up is due at `now` and that no other worker holds, earliest first,
    /// until `leaseUntil`: several replicas share the work instead of each planning all of it. Recording ends the
    /// claim. Claims only spare work; `record`'s condition is what keeps a follow-up single.
    func claimDueAssignments(at now: Date, limit: Int, leaseUntil: Date) async throws -> [DueAssignment]
    /// When the earliest follow-up of any assignment is due (or, for one claimed, when its claim runs out).
    func nextFollowUpAt() async throws -> Date?
    /// Applies the records in one transaction. A record whose assignment changed since it was read (answered,
    /// snoozed, or handled by another worker) is left out, posts and all. Posts whose idempotency key is already
    /// queued are not queued again. Returns how many posts were queued.
    func record(_ records: [FollowUpRecord]) async throws -> Int
}
