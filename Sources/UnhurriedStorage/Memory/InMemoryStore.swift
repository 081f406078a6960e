import Foundation
import Synchronization
import UnhurriedCore

/// Every store protocol held in this process's memory, with the semantics of `SQLiteStore` and `PostgresStore`:
/// the same numbering, versions, claims, ordering and idempotency, held by the same contract tests. It is for fast
/// unit tests of the core and for `simulate`-style rehearsals in virtual time; nothing survives the process, so it is
/// never a production store, and no `--database` URL names it.
///
/// Each instance is a database of its own. Every call runs under one lock and never suspends while holding it, so
/// each is a transaction of its own, as it would be in a database; concurrent callers see each other's writes whole
/// or not at all.
public final class InMemoryStore: ClosableStore {
    /// Nil once closed: the data goes with it.
    private let state = Mutex<InMemoryDatabase?>(InMemoryDatabase())

    public init() {}

    /// Forgets everything; every later call but `close` throws `InMemoryStore.Closed`.
    public func close() async throws {
        state.withLock { $0 = nil }
    }

    /// Runs `body` as one transaction on the database; throws when the store is closed.
    func transaction<Value: Sendable>(_ body: (inout InMemoryDatabase) throws -> Value) throws -> Value {
        try state.withLock { database throws -> Value in
            guard database != nil else { throw Closed() }
            return try body(&database!)
        }
    }

    /// What every call on a closed store throws.
    public struct Closed: Error, CustomStringConvertible {
        public var description: String { "the in-memory store was closed, and its data with it" }
    }

    // MARK: ItemStore

    public func create(_ new: NewItem) async throws -> Item {
        try transaction { $0.insert(new) }
    }

    public func createOnce(_ new: NewItem) async throws -> (item: Item, created: Bool) {
        try transaction { database in
            if let origin = new.origin,
               let tracked = database.items.first(where: { $0.item.channel == new.channel && $0.item.origin?.messageRef == origin.messageRef }) {
                return (tracked.item, false)
            }
            return (database.insert(new), true)
        }
    }

    public func item(_ id: ItemID, in workspace: WorkspaceRef) async throws -> Item? {
        try transaction { database in
            guard let item = database.stored(id)?.item, item.channel.workspace == workspace else { return nil }
            return item
        }
    }

    public func openItems(assignedTo user: ChatUserID, in workspace: WorkspaceRef) async throws -> [Item] {
        try transaction { database in
            database.items.compactMap { stored -> (due: Date, item: Item)? in
                let item = stored.item
                guard item.status == .open, item.channel.workspace == workspace,
                      let assignment = item.assignments.first(where: { $0.assignee == user && $0.status == .open }) else { return nil }
                return (assignment.dueAt, item)
            }
            .sorted { ($0.due, $0.item.id) < ($1.due, $1.item.id) }
            .map(\.item)
        }
    }

    public func openItems(authoredBy user: ChatUserID, in workspace: WorkspaceRef) async throws -> [Item] {
        try transaction { database in
            // An item with no open part sorts first, as SQL sorts NULL before any instant.
            database.items.map(\.item)
                .filter { $0.author == user && $0.status == .open && $0.channel.workspace == workspace }
                .map { item in (due: item.assignments.filter { $0.status == .open }.map(\.dueAt).min() ?? .distantPast, item: item) }
                .sorted { ($0.due, $0.item.id) < ($1.due, $1.item.id) }
                .map(\.item)
        }
    }

    public func upcomingPrereads(in channel: ChatChannel, after instant: Date) async throws -> [Item] {
        let instant = instant.storedInstant
        return try transaction { database in
            database.items.compactMap { stored -> (startsAt: Date, item: Item)? in
                let item = stored.item
                guard item.kind == .preread, item.status == .open, item.channel == channel,
                      let startsAt = item.meeting?.startsAt, startsAt > instant else { return nil }
                return (startsAt, item)
            }
            .sorted { ($0.startsAt, $0.item.id) < ($1.startsAt, $1.item.id) }
            .map(\.item)
        }
    }

    public func update(_ item: Item, recording event: ItemEvent, queueing posts: [QueuedPost]) async throws -> Bool {
        try transaction { database in
            guard database.update(item, recording: event) else { return false }
            _ = database.enqueue(posts)
            return true
        }
    }

    public func append(_ event: ItemEvent, to id: ItemID) async throws {
        try transaction { database in
            if let index = database.index(of: id) { database.append(event, to: index) }
        }
    }

    public func checkReachable() async throws {
        try transaction { _ in }
    }
}
