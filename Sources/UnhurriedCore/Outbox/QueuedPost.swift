import Foundation

/// A post for the outbox to deliver: what, where, about which item and whom.
public struct QueuedPost: Sendable, Equatable {
    /// Stable across retries, restarts and replicas: item, recipient and what is said.
    public var idempotencyKey: IdempotencyKey
    public var channel: ChatChannel
    public var kind: PostKind
    /// Nil for posts about a whole channel (digests).
    public var itemID: ItemID?
    /// The assignee a follow-up is about; the person a thread call calls.
    public var subject: ChatUserID?
    /// Posted as a reply under the item's card rather than on its own.
    public var replyInThread: Bool
    /// Posted as a reply under this message (a notice answering a message in a thread).
    public var threadRef: String?
    /// The message itself, for notices; other kinds are composed from the item when they are sent.
    public var body: ChatMessage?
    /// Shown only to this person, in the channel (a private answer to a button press).
    public var privateTo: ChatUserID?
    /// The instant the post is for: the ask's creation for a card, the follow-up's or digest's instant. Its
    /// first attempt is due then.
    public var dueAt: Date

    public init(
        idempotencyKey: IdempotencyKey, channel: ChatChannel, kind: PostKind, itemID: ItemID?, subject: ChatUserID? = nil,
        replyInThread: Bool = false, threadRef: String? = nil, body: ChatMessage? = nil, privateTo: ChatUserID? = nil, dueAt: Date
    ) {
        self.idempotencyKey = idempotencyKey
        self.channel = channel
        self.kind = kind
        self.itemID = itemID
        self.subject = subject
        self.replyInThread = replyInThread
        self.threadRef = threadRef
        self.body = body
        self.privateTo = privateTo
        self.dueAt = dueAt
    }

    /// What a store queues with a new item, in the same transaction: its card, due when it should be posted (at once,
    /// or a pre-read's time), a pre-read's summary, due when its meeting starts, and a decision's publications, due at
    /// once: queued with the decision, a publication is never lost to a crash between the two.
    public static func postsOnCreation(of item: NewItem, id: ItemID) -> [QueuedPost] {
        var posts = [QueuedPost(
            idempotencyKey: .card(of: id), channel: item.channel, kind: .itemCard, itemID: id, dueAt: item.meeting?.postAt ?? item.createdAt)]
        if let meeting = item.meeting {
            posts.append(QueuedPost(
                idempotencyKey: .prereadSummary(of: id), channel: item.channel, kind: .prereadSummary,
                itemID: id, replyInThread: true, dueAt: meeting.startsAt))
        }
        posts += item.publishTo.map { target in
            QueuedPost(idempotencyKey: .publication(of: id, to: target), channel: item.channel, kind: .publication, itemID: id, dueAt: item.createdAt)
        }
        return posts
    }
}
