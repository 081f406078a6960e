import Foundation

/// Durable home of items. Every write is committed before it returns.
public protocol ItemStore: Sendable {
    /// Stores the item, its `created` event and the posts `QueuedPost.postsOnCreation` names, in one transaction.
    func create(_ item: NewItem) async throws -> Item
    /// Stores an item tracked from a message as `create` does, unless an item from the same message (`origin`, in the
    /// same channel) is stored already: then that one, with `created` false. Concurrent calls store one.
    func createOnce(_ item: NewItem) async throws -> (item: Item, created: Bool)
    func item(_ id: ItemID, in workspace: WorkspaceRef) async throws -> Item?
    /// Open items in which `user` has an open assignment, earliest deadline first.
    func openItems(assignedTo user: ChatUserID, in workspace: WorkspaceRef) async throws -> [Item]
    /// Open items `user` asked, earliest open deadline first.
    func openItems(authoredBy user: ChatUserID, in workspace: WorkspaceRef) async throws -> [Item]
    /// The channel's pre-reads not cancelled whose meeting starts after `instant`, soonest first.
    func upcomingPrereads(in channel: ChatChannel, after instant: Date) async throws -> [Item]
    /// Writes the item's new status and assignment states, appends `event` and queues an update of its card and
    /// `posts`, in one transaction — provided the stored item is still at `item.version`. Returns false, writing
    /// nothing, when someone changed it since it was read.
    func update(_ item: Item, recording event: ItemEvent, queueing posts: [QueuedPost]) async throws -> Bool
    /// Appends `event` to the item's history and writes nothing else: the item, its version and its card stay as they are.
    func append(_ event: ItemEvent, to id: ItemID) async throws
    /// Whether the store answers at all; for readiness probes.
    func checkReachable() async throws
}

extension ItemStore {
    /// `update` with no posts but the card's.
    public func update(_ item: Item, recording event: ItemEvent) async throws -> Bool {
        try await update(item, recording: event, queueing: [])
    }
}
