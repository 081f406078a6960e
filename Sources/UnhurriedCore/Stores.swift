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
        case assignmentDone = "assignment_done"
        case done
        case cancelled
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
    /// Stores the item, its `created` event and an outbox post of its card, in one transaction.
    func create(_ item: NewItem) async throws -> Item
    func item(_ id: ItemID, in workspace: WorkspaceRef) async throws -> Item?
    /// Open items in which `user` has an open assignment, earliest deadline first.
    func openItems(assignedTo user: ChatUserID, in workspace: WorkspaceRef) async throws -> [Item]
    /// Open items `user` asked, earliest open deadline first.
    func openItems(authoredBy user: ChatUserID, in workspace: WorkspaceRef) async throws -> [Item]
    /// Writes the item's new status and assignment states and appends `event`, in one transaction.
    func update(_ item: Item, recording event: ItemEvent) async throws
    /// Whether the store answers at all; for readiness probes.
    func checkReachable() async throws
}

/// What an outbox post shows; the delivery worker renders it from the item's current state when it sends.
public enum PostKind: String, Sendable, Codable {
    case itemCard = "item_card"
}

/// One message waiting to be delivered, as the outbox holds it.
public struct OutboxPost: Sendable, Equatable {
    public enum Status: String, Sendable {
        case pending
        case sent
        case dead
    }

    public var id: Int64
    /// Stable across retries and restarts: item, kind and recipient.
    public var idempotencyKey: String
    public var channel: ChatChannel
    public var kind: PostKind
    public var itemID: ItemID
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var messageRef: String?

    public init(
        id: Int64, idempotencyKey: String, channel: ChatChannel, kind: PostKind, itemID: ItemID, status: Status,
        attempts: Int, nextAttemptAt: Date, lastError: String?, messageRef: String?
    ) {
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.channel = channel
        self.kind = kind
        self.itemID = itemID
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.messageRef = messageRef
    }
}

/// The durable queue of posts to chat platforms.
public protocol OutboxStore: Sendable {
    /// Pending posts to `platforms` whose next attempt is due at `now`, oldest first.
    func duePosts(at now: Date, platforms: Set<String>, limit: Int) async throws -> [OutboxPost]
    /// When the earliest pending post to `platforms` is next due, if any is pending.
    func nextPendingAttempt(platforms: Set<String>) async throws -> Date?
    /// Records the platform's id of the delivered message; the post is never sent again.
    func markSent(_ postID: Int64, messageRef: String, at: Date) async throws
    /// Records a failed attempt: the post is tried again at `retryAt`, or never again when `retryAt` is nil.
    func markFailed(_ postID: Int64, error: String, retryAt: Date?) async throws
    func posts(withStatus status: OutboxPost.Status) async throws -> [OutboxPost]
    /// Puts a pending or dead post back in the queue, due at `at`, with a fresh count of attempts.
    /// Returns false when there is no such post or it was already sent.
    func requeue(_ postID: Int64, at: Date) async throws -> Bool
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

public typealias UnhurriedStore = ItemStore & OutboxStore & PeopleStore
