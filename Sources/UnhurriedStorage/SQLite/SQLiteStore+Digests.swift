import Foundation
import UnhurriedCore

/// What daily digests, statistics and exports read: a partial index holds only open items, by channel.
extension SQLiteStore {
    public func channelsWithOpenItems() async throws -> [ChatChannel] {
        let rows = try await readInBackground(
            "SELECT DISTINCT platform, workspace_id, channel_id FROM items WHERE status = 'open' AND kind = 'ask'", [])
        return try rows.map { try $0.channel() }
    }

    public func channelsWithItems(createdSince instant: Date) async throws -> [ChatChannel] {
        let rows = try await readInBackground(
            "SELECT DISTINCT platform, workspace_id, channel_id FROM items WHERE created_at_ms >= ?", [.integer(instant.milliseconds)])
        return try rows.map { try $0.channel() }
    }

    public func openItems(in channel: ChatChannel) async throws -> [Item] {
        let rows = try await readInBackground(
            "SELECT * FROM items WHERE status = 'open' AND kind = 'ask' AND platform = ? AND workspace_id = ? AND channel_id = ? ORDER BY id",
            [.text(channel.platform), .text(channel.workspaceID), .text(channel.channelID)])
        return try await itemsInBackground(from: rows)
    }

    public func firstResponses(in channel: ChatChannel, from start: Date, to end: Date) async throws -> [FirstResponse] {
        let rows = try await readInBackground(
            """
            SELECT DISTINCT items.* FROM items JOIN assignments ON assignments.item_id = items.id
            WHERE items.kind = 'ask' AND items.platform = ? AND items.workspace_id = ? AND items.channel_id = ?
              AND assignments.acknowledged_at_ms >= ? AND assignments.acknowledged_at_ms < ?
            ORDER BY items.id
            """,
            [.text(channel.platform), .text(channel.workspaceID), .text(channel.channelID), .integer(start.milliseconds),
             .integer(end.milliseconds)])
        return try await itemsInBackground(from: rows).flatMap { FirstResponse.all(in: $0, from: start, to: end) }
    }

    public func queue(_ posts: [QueuedPost]) async throws {
        guard !posts.isEmpty else { return }
        _ = try await write { database in
            try Self.enqueue(posts, on: database)
        }
    }

    public func itemHistories(_ query: HistoryQuery) async throws -> [ItemHistory] {
        let (sql, values) = StoredRows.itemsSQL(of: query) { _ in "?" }
        let rows = try await readInBackground(
            sql,
            values.map { value -> SQLiteData in
                switch value {
                case .integer(let number): .integer(number)
                case .text(let text): .text(text)
                }
            })
        var histories: [ItemHistory] = []
        for start in stride(from: 0, to: rows.count, by: StoredRows.historyBatch) {
            let batch = Array(rows[start..<min(rows.count, start + StoredRows.historyBatch)])
            let items = try await itemsInBackground(from: batch)
            let events = try await readInBackground(
                "SELECT * FROM item_events WHERE item_id IN (\(Self.placeholders(items.count))) ORDER BY id",
                items.map { .integer(Int($0.id.rawValue)) })
            histories += try StoredRows.histories(items, events: events)
        }
        return histories
    }

    /// Each word is quoted as an FTS5 string, so whatever people type — quotes, `AND`, `NEAR(`, `*` — is text to look
    /// for, never query syntax; any word may match, and BM25 ranks the best first.
    public func searchDecisions(
        matching words: [String], inChannels channelIDs: Set<String>, of workspace: WorkspaceRef, limit: Int
    ) async throws -> [Item] {
        guard !channelIDs.isEmpty else { return [] }
        let words = StoredRows.searchWords(words)
        let channels = channelIDs.sorted()
        let place: [SQLiteData] = [.text(workspace.platform), .text(workspace.workspaceID)] + channels.map { .text($0) }
        let inChannels = "channel_id IN (\(Self.placeholders(channels.count)))"
        let rows: [SQLiteRow]
        if words.isEmpty {
            rows = try await readInBackground(
                "SELECT * FROM items WHERE kind = 'decision' AND platform = ? AND workspace_id = ? AND \(inChannels) ORDER BY id DESC LIMIT ?",
                place + [.integer(limit)])
        } else {
            rows = try await readInBackground(
                """
                SELECT items.* FROM decision_search JOIN items ON items.id = decision_search.rowid
                WHERE decision_search MATCH ? AND items.platform = ? AND items.workspace_id = ? AND items.\(inChannels)
                ORDER BY bm25(decision_search), items.id DESC LIMIT ?
                """,
                [.text(Self.fullTextMatch(words))] + place + [.integer(limit)])
        }
        return try await itemsInBackground(from: rows)
    }

    /// An FTS5 query matching any of `words`, each quoted as a string.
    static func fullTextMatch(_ words: [String]) -> String {
        words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
    }

    public func channelsWithDecisions(in workspace: WorkspaceRef) async throws -> Set<String> {
        let rows = try await readInBackground(
            "SELECT DISTINCT channel_id FROM items WHERE kind = 'decision' AND platform = ? AND workspace_id = ?",
            [.text(workspace.platform), .text(workspace.workspaceID)])
        return Set(try rows.map { try $0.requireText("channel_id") })
    }
}
