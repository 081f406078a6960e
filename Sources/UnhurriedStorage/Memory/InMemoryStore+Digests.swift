import Foundation
import UnhurriedCore

/// What daily digests, statistics and exports read.
extension InMemoryStore {
    public func channelsWithOpenItems() async throws -> [ChatChannel] {
        try transaction { database in
            var channels: [ChatChannel] = []
            for item in database.items.map(\.item) where item.isOpenAsk && !channels.contains(item.channel) {
                channels.append(item.channel)
            }
            return channels
        }
    }

    public func channelsWithItems(createdSince instant: Date) async throws -> [ChatChannel] {
        try transaction { database in
            var channels: [ChatChannel] = []
            for item in database.items.map(\.item) where item.createdAt >= instant && !channels.contains(item.channel) {
                channels.append(item.channel)
            }
            return channels
        }
    }

    public func openItems(in channel: ChatChannel) async throws -> [Item] {
        try transaction { database in
            database.items.map(\.item).filter { $0.isOpenAsk && $0.channel == channel }
        }
    }

    public func firstResponses(in channel: ChatChannel, from start: Date, to end: Date) async throws -> [FirstResponse] {
        let (start, end) = (start.storedInstant, end.storedInstant)
        return try transaction { database in
            database.items.map(\.item)
                .filter { $0.kind == .ask && $0.channel == channel }
                .flatMap { FirstResponse.all(in: $0, from: start, to: end) }
        }
    }

    public func itemHistories(_ query: HistoryQuery) async throws -> [ItemHistory] {
        try transaction { database in
            let selected = database.items.filter { query.selects($0.item) }
            return selected.suffix(query.latest ?? selected.count).map { ItemHistory(item: $0.item, events: $0.events) }
        }
    }
}

extension Item {
    /// An ask still owed something: what digests list. Decisions stay open while in force, and owe nothing.
    fileprivate var isOpenAsk: Bool { status == .open && self.kind == .ask }
}

extension HistoryQuery {
    /// Whether the query selects `item`: the conditions `StoredRows.conditions(of:)` writes in SQL.
    fileprivate func selects(_ item: Item) -> Bool {
        if let since = createdSince?.storedInstant, item.createdAt < since, !(includingOpen && item.isOpenAsk) { return false }
        if let workspace, item.channel.workspace != workspace { return false }
        if let channelID, item.channel.channelID != channelID { return false }
        if let itemID, item.id != itemID { return false }
        if asksOnly, item.kind != .ask || item.meeting != nil { return false }
        return true
    }
}
