import Foundation
import UnhurriedCore

extension SQLiteStore {
    /// Each word quoted as an FTS5 string, as `searchDecisions` does; an item ranks by its best-matching text, its own
    /// counting twice what a reply's does.
    public func searchItems(
        matching words: [String], inChannels channelIDs: Set<String>, of workspace: WorkspaceRef, limit: Int
    ) async throws -> [Item] {
        let words = StoredRows.searchWords(words)
        guard !channelIDs.isEmpty, !words.isEmpty else { return [] }
        let channels = channelIDs.sorted()
        try await write { database in try Self.indexNewTexts(on: database) }
        let rows = try await readInBackground(
            """
            WITH matched AS MATERIALIZED (
                SELECT item_id, bm25(ask_search) * (2 - reply) AS score FROM ask_search WHERE ask_search MATCH ?
            )
            SELECT items.* FROM items JOIN (SELECT item_id, min(score) AS rank FROM matched GROUP BY item_id) AS found ON found.item_id = items.id
            WHERE items.platform = ? AND items.workspace_id = ? AND items.channel_id IN (\(Self.placeholders(channels.count)))
            ORDER BY found.rank, items.id DESC LIMIT ?
            """,
            [.text(Self.fullTextMatch(words)), .text(workspace.platform), .text(workspace.workspaceID)] + channels.map { .text($0) } + [.integer(limit)])
        return try await itemsInBackground(from: rows)
    }

    /// Indexes the asks, pre-reads and replies stored since the last search, and notes how far it got.
    private static func indexNewTexts(on database: SQLiteDatabase) throws {
        _ = try database.query("""
            INSERT INTO ask_search (item_id, reply, text)
            SELECT id, 0, coalesce(meeting_title || ' ', '') || request FROM items
            WHERE id > (SELECT items_through FROM ask_search_progress) AND kind IN ('ask', 'preread')
            """)
        _ = try database.query("""
            INSERT INTO ask_search (item_id, reply, text)
            SELECT item_events.item_id, 1, item_events.text FROM item_events JOIN items ON items.id = item_events.item_id
            WHERE item_events.id > (SELECT events_through FROM ask_search_progress) AND item_events.text IS NOT NULL
              AND items.kind IN ('ask', 'preread')
            """)
        _ = try database.query("""
            UPDATE ask_search_progress SET items_through = (SELECT coalesce(max(id), 0) FROM items),
                events_through = (SELECT coalesce(max(id), 0) FROM item_events)
            """)
    }

    public func channelsWithAsks(in workspace: WorkspaceRef) async throws -> Set<String> {
        let rows = try await readInBackground(
            "SELECT DISTINCT channel_id FROM items WHERE kind IN ('ask', 'preread') AND platform = ? AND workspace_id = ?",
            [.text(workspace.platform), .text(workspace.workspaceID)])
        return Set(try rows.map { try $0.requireText("channel_id") })
    }
}
