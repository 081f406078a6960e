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
        try await indexNewTexts()
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

    /// Ids indexed in one write: a search after a long time, or the first after the upgrade, makes asks stored meanwhile
    /// wait behind a short write at a time rather than one long one.
    static let indexedPerWrite = 2_000

    /// Indexes the asks, pre-reads and replies stored since the last search, a batch of ids per write; nothing is written
    /// when nothing is new.
    private func indexNewTexts() async throws {
        let behind = """
            SELECT items_through < (SELECT coalesce(max(id), 0) FROM items)
                OR events_through < (SELECT coalesce(max(id), 0) FROM item_events) AS behind
            FROM ask_search_progress
            """
        guard try await readInBackground(behind, []).first?.column("behind")?.integer == 1 else { return }
        while try await write({ database in
            try Self.indexNextTexts(on: database)
            return try database.query(behind).first?.column("behind")?.integer == 1
        }) {}
    }

    /// One batch: the ids after those the progress row names, up to `indexedPerWrite` more of each.
    private static func indexNextTexts(on database: SQLiteDatabase) throws {
        let batch = SQLiteData.integer(indexedPerWrite)
        _ = try database.query("""
            INSERT INTO ask_search (item_id, reply, text)
            SELECT id, 0, coalesce(meeting_title || ' ', '') || request FROM items, ask_search_progress
            WHERE id > items_through AND id <= items_through + ? AND kind IN ('ask', 'preread')
            """, [batch])
        _ = try database.query("""
            INSERT INTO ask_search (item_id, reply, text)
            SELECT item_events.item_id, 1, item_events.text
            FROM item_events JOIN items ON items.id = item_events.item_id, ask_search_progress
            WHERE item_events.id > events_through AND item_events.id <= events_through + ? AND item_events.text IS NOT NULL
              AND items.kind IN ('ask', 'preread')
            """, [batch])
        _ = try database.query("""
            UPDATE ask_search_progress SET items_through = min(items_through + ?1, (SELECT coalesce(max(id), 0) FROM items)),
                events_through = min(events_through + ?1, (SELECT coalesce(max(id), 0) FROM item_events))
            """, [batch])
    }

    public func channelsWithAsks(in workspace: WorkspaceRef) async throws -> Set<String> {
        let rows = try await readInBackground(
            "SELECT DISTINCT channel_id FROM items WHERE kind IN ('ask', 'preread') AND platform = ? AND workspace_id = ?",
            [.text(workspace.platform), .text(workspace.workspaceID)])
        return Set(try rows.map { try $0.requireText("channel_id") })
    }
}
