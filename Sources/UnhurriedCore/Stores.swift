import Foundation

/// A workspace on one platform: the scope in which item numbers are looked up and people listed.
public struct WorkspaceRef: Hashable, Sendable {
    public var platform: String
    public var workspaceID: String

    public init(platform: String, workspaceID: String) {
        self.platform = platform
        self.workspaceID = workspaceID
    }
}

extension ChatChannel {
    public var workspace: WorkspaceRef { WorkspaceRef(platform: platform, workspaceID: workspaceID) }
}

/// What happened to an item; the store keeps these append-only as the item's history.
public struct ItemEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case created
        case acknowledged
        case snoozed
        case assignmentDone = "assignment_done"
        case done
        case cancelled
        case superseded
        /// A reader marked a pre-read read.
        case read
        /// A reader said they have a question about a pre-read; it is open until they mark it read.
        case questionRaised = "question_raised"
        /// A pre-read's meeting started and its summary was posted; recorded under the pre-read's author.
        case meetingStarted = "meeting_started"
    }

    public var kind: Kind
    public var actor: ChatUserID
    public var at: Date

    public init(kind: Kind, actor: ChatUserID, at: Date) {
        self.kind = kind
        self.actor = actor
        self.at = at
    }
}

/// Durable home of items. Every write is committed before it returns.
public protocol ItemStore: Sendable {
    /// Stores the item, its `created` event and the posts `QueuedPost.postsOnCreation` names, in one transaction.
    func create(_ item: NewItem) async throws -> Item
    func item(_ id: ItemID, in workspace: WorkspaceRef) async throws -> Item?
    /// Open items in which `user` has an open assignment, earliest deadline first.
    func openItems(assignedTo user: ChatUserID, in workspace: WorkspaceRef) async throws -> [Item]
    /// Open items `user` asked, earliest open deadline first.
    func openItems(authoredBy user: ChatUserID, in workspace: WorkspaceRef) async throws -> [Item]
    /// The channel's pre-reads not cancelled whose meeting starts after `instant`, soonest first.
    func upcomingPrereads(in channel: ChatChannel, after instant: Date) async throws -> [Item]
    /// Writes the item's new status and assignment states, appends `event` and queues an update of its card,
    /// in one transaction — provided the stored item is still at `item.version`. Returns false, writing nothing,
    /// when someone changed it since it was read.
    func update(_ item: Item, recording event: ItemEvent) async throws -> Bool
    /// Whether the store answers at all; for readiness probes.
    func checkReachable() async throws
}

/// What an outbox post shows; the delivery worker renders it from the item's current state when it sends.
public enum PostKind: String, Sendable, Codable {
    case itemCard = "item_card"
    /// Re-renders the posted card in place after the item changed.
    case cardUpdate = "card_update"
    case reminder
    case overdue
    case escalation
    /// A channel's daily digest: open asks by deadline, what is overdue, the last working day's figures.
    case digest
    /// A message composed when it was queued (`body`), e.g. the answer to a command given by mentioning the bot.
    case notice
    /// When a pre-read's meeting starts, under the pre-read: who read it, who did not, the open questions.
    case prereadSummary = "preread_summary"
    /// A standup's answers of one round, in its channel.
    case standupDigest = "standup_digest"
    /// A standup's questions to one person, in their DM, composed when queued (`body`); unlike a notice it notifies.
    case standupPrompt = "standup_prompt"

    public init(_ followUp: FollowUpKind) {
        switch followUp {
        case .reminder: self = .reminder
        case .overdue: self = .overdue
        case .escalation: self = .escalation
        }
    }
}

/// A post for the outbox to deliver: what, where, about which item and whom.
public struct QueuedPost: Sendable, Equatable {
    /// Stable across retries, restarts and replicas: item, recipient and what is said.
    public var idempotencyKey: IdempotencyKey
    public var channel: ChatChannel
    public var kind: PostKind
    /// Nil for posts about a whole channel (digests).
    public var itemID: ItemID?
    /// The assignee a follow-up is about.
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
    /// or a pre-read's time), and a pre-read's summary, due when its meeting starts.
    public static func postsOnCreation(of item: NewItem, id: ItemID) -> [QueuedPost] {
        var posts = [QueuedPost(
            idempotencyKey: .card(of: id), channel: item.channel, kind: .itemCard, itemID: id, dueAt: item.meeting?.postAt ?? item.createdAt)]
        if let meeting = item.meeting {
            posts.append(QueuedPost(
                idempotencyKey: .prereadSummary(of: id), channel: item.channel, kind: .prereadSummary,
                itemID: id, replyInThread: true, dueAt: meeting.startsAt))
        }
        return posts
    }
}

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
    /// The item whose card or follow-up was delivered as message `messageRef` in `channel`.
    func itemID(postedAs messageRef: String, in channel: ChatChannel) async throws -> ItemID?
}

/// An assignment's first response, for response-time figures.
public struct FirstResponse: Sendable {
    public var item: Item
    public var assignee: ChatUserID
    public var respondedAt: Date

    public init(item: Item, assignee: ChatUserID, respondedAt: Date) {
        self.item = item
        self.assignee = assignee
        self.respondedAt = respondedAt
    }
}

/// What daily digests read and queue.
public protocol DigestStore: OutboxStore {
    /// Every channel with at least one open item.
    func channelsWithOpenItems() async throws -> [ChatChannel]
    func openItems(in channel: ChatChannel) async throws -> [Item]
    /// First responses to asks given in `channel` at or after `start` and before `end`.
    func firstResponses(in channel: ChatChannel, from start: Date, to end: Date) async throws -> [FirstResponse]
}

/// Remembers which inbound events were handled, so a platform's retry has no second effect.
public protocol InboundEventLog: Sendable {
    /// Records the event; false when it was recorded before.
    func recordInboundEvent(_ eventID: String, platform: String, at: Date) async throws -> Bool
    /// Forgets an event whose handling failed, so the platform's retry is handled.
    func forgetInboundEvent(_ eventID: String, platform: String) async throws
}

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

/// People's own `/hours` and `/away`.
public protocol PeopleStore: Sendable {
    /// The settings of those of `users` who have any.
    func settings(of users: [ChatUserID], in workspace: WorkspaceRef) async throws -> [ChatUserID: PersonalSettings]
    /// Replaces the person's zone, days and hours (nil clears one); their time away is kept.
    func saveHours(_ settings: PersonalSettings, of user: ChatUserID, in workspace: WorkspaceRef) async throws
    func addAway(_ range: DateRange, for user: ChatUserID, in workspace: WorkspaceRef) async throws
    func clearAway(for user: ChatUserID, in workspace: WorkspaceRef) async throws
    /// Remembers what the person's chat profile said about their zone (nil: it names none).
    func saveDirectoryTimeZone(_ zone: String?, checkedAt: Date, of user: ChatUserID, in workspace: WorkspaceRef) async throws
}

/// A platform's people directory, asked for the time zone in someone's profile.
public protocol UserDirectory: Sendable {
    func timeZone(of user: ChatUserID, in workspace: WorkspaceRef) async -> DirectoryAnswer
}

public enum DirectoryAnswer: Equatable, Sendable {
    case zone(String)
    /// The profile names no zone: remembered, like a zone.
    case noZone
    /// The directory could not be asked (timeout, error): asked again next time.
    case unavailable
}

/// What commands read and write.
public typealias CommandStore = ItemStore & PeopleStore & HistoryStore & DecisionLog & OutboxStore & StandupStore

/// The team's decision log, searched by words.
public protocol DecisionLog: Sendable {
    /// The channel's decisions that best match any of `words` (full-text, best first), or the latest when there are
    /// no words; at most `limit`.
    func searchDecisions(matching words: [String], in channel: ChatChannel, limit: Int) async throws -> [Item]
}

/// What statistics and exports read: items with their whole history.
public protocol HistoryStore: Sendable {
    /// The items `query` selects, oldest first, each with its history.
    func itemHistories(_ query: HistoryQuery) async throws -> [ItemHistory]
}

/// Which items a report or an export reads.
public struct HistoryQuery: Sendable, Equatable {
    /// Items created at or after this instant; every item when nil.
    public var createdSince: Date?
    /// Also every ask still open, however old: what is overdue now counts whenever it was asked.
    public var includingOpen: Bool
    public var workspace: WorkspaceRef?
    public var channelID: String?

    public init(createdSince: Date? = nil, includingOpen: Bool = false, workspace: WorkspaceRef? = nil, channelID: String? = nil) {
        self.createdSince = createdSince
        self.includingOpen = includingOpen
        self.workspace = workspace
        self.channelID = channelID
    }
}

/// An item and every change made to it — who, what, when — oldest first. The history is only ever appended to:
/// it is the audit trail that statistics and exports are computed from.
public struct ItemHistory: Sendable {
    public var item: Item
    public var events: [ItemEvent]

    public init(item: Item, events: [ItemEvent]) {
        self.item = item
        self.events = events
    }

    /// When `assignee` first responded: acknowledged, or finished their part without acknowledging first.
    public func firstResponse(of assignee: ChatUserID) -> Date? {
        events.first { $0.actor == assignee && [.acknowledged, .assignmentDone, .done].contains($0.kind) }?.at
    }
}

public typealias UnhurriedStore = ItemStore & OutboxStore & PeopleStore & FollowUpStore & DigestStore & InboundEventLog & HistoryStore
    & DecisionLog & StandupStore
