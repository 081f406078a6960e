import Foundation
import UnhurriedCore

/// The in-memory store's tables, laid out as the SQL stores' are. Items and posts are numbered from 1 by their place
/// in the table: nothing is ever deleted from either.
struct InMemoryDatabase {
    /// A row of `items` with its `assignments` and `item_events` rows.
    struct StoredItem {
        var item: Item
        /// Oldest first.
        var events: [ItemEvent]
        /// The scheduler's columns of each assignment, which `Item` does not carry.
        var followUps: [ChatUserID: FollowUpProgress]
    }

    struct FollowUpProgress {
        /// Every follow-up due up to this instant has been planned; nil until the first is.
        var handledThrough: Date?
        var claimedUntil: Date?
    }

    /// A row of `outbox`: the post and the claim on it that `OutboxPost` does not carry.
    struct StoredPost {
        var post: OutboxPost
        var claimedUntil: Date?
    }

    struct Person: Hashable {
        var workspace: WorkspaceRef
        var user: ChatUserID
    }

    struct InboundEvent: Hashable {
        var platform: String
        var eventID: String
    }

    struct PlatformKey: Hashable {
        var platform: String
        var key: String
    }

    var items: [StoredItem] = []
    /// Numbers history events across every item, as `item_events.id` does: a card update's key names the event.
    var lastEventID = 0
    var outbox: [StoredPost] = []
    var postIDs: [IdempotencyKey: Int64] = [:]
    /// Hours and profile zones; time away is kept apart, in the order it was added.
    var people: [Person: PersonalSettings] = [:]
    var timeAway: [(person: Person, range: DateRange)] = []
    /// When each handled event was recorded.
    var inboundEvents: [InboundEvent: Date] = [:]
    var platformMemory: [PlatformKey: String] = [:]
    var adminSessions: [String: AdminSession] = [:]
    /// One per message, in the order recorded.
    var standupAnswers: [StandupAnswer] = []

    func index(of id: ItemID) -> Int? {
        let index = Int(id.rawValue) - 1
        return items.indices.contains(index) ? index : nil
    }

    func stored(_ id: ItemID) -> StoredItem? {
        index(of: id).map { items[$0] }
    }

    func postIndex(of id: Int64) -> Int? {
        let index = Int(id) - 1
        return outbox.indices.contains(index) ? index : nil
    }

    /// Stores the item, its `created` event and the posts `QueuedPost.postsOnCreation` names.
    mutating func insert(_ new: NewItem) -> Item {
        let id = ItemID(Int64(items.count + 1))
        items.append(StoredItem(item: Item(id: id, status: .open, new.stored), events: [], followUps: [:]))
        append(ItemEvent(kind: .created, actor: new.author, at: new.createdAt), to: items.count - 1)
        enqueue(QueuedPost.postsOnCreation(of: new, id: id))
        return Item(id: id, status: .open, new)
    }

    /// Writes the item's status and assignments, appends `event` and queues an update of its card, provided the stored
    /// item is still at `item.version`; false, writing nothing, otherwise.
    /// Without an event only the item's version and assignments are written: its history and card stay as they are.
    mutating func update(_ item: Item, recording event: ItemEvent?) -> Bool {
        guard let index = index(of: item.id), items[index].item.version == item.version else { return false }
        items[index].item.status = item.status
        items[index].item.version += 1
        for changed in item.assignments.map(\.stored) {
            guard let part = items[index].item.assignments.firstIndex(where: { $0.assignee == changed.assignee }) else { continue }
            items[index].item.assignments[part] = changed
        }
        guard let event else { return true }
        let eventID = append(event, to: index)
        // One pending update is enough however often the item changes: it renders the state when it is sent. One
        // already being sent may have read the state before this change, so it does not count.
        let pendingUpdates = IdempotencyKey.cardUpdates(of: item.id)
        let hasPendingUpdate = outbox.contains { row in
            pendingUpdates.contains(row.post.idempotencyKey) && row.post.status == .pending && row.post.inFlightSince == nil
        }
        if !hasPendingUpdate {
            enqueue([QueuedPost(
                idempotencyKey: .cardUpdate(of: item.id, after: eventID), channel: item.channel, kind: .cardUpdate, itemID: item.id,
                dueAt: event.at)])
        }
        return true
    }

    /// Appends to the item's history and returns the event's number.
    @discardableResult
    mutating func append(_ event: ItemEvent, to index: Int) -> Int {
        lastEventID += 1
        items[index].events.append(ItemEvent(kind: event.kind, actor: event.actor, at: event.at.storedInstant, text: event.text))
        return lastEventID
    }

    /// Queues the posts whose idempotency keys are not queued already; returns how many were queued.
    @discardableResult
    mutating func enqueue(_ posts: [QueuedPost]) -> Int {
        var queued = 0
        for post in posts.map(\.stored) where postIDs[post.idempotencyKey] == nil {
            let id = Int64(outbox.count + 1)
            outbox.append(StoredPost(post: OutboxPost(
                id: id, queued: post, status: .pending, attempts: 0, nextAttemptAt: post.dueAt, lastError: nil, messageRef: nil)))
            postIDs[post.idempotencyKey] = id
            queued += 1
        }
        return queued
    }
}
