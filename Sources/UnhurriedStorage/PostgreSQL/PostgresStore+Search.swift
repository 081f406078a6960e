import Foundation
import PostgresNIO
import UnhurriedCore

extension PostgresStore {
    /// Words bound as `searchDecisions` binds them; an item ranks by its best-matching text, its own counting twice
    /// what a reply's does.
    public func searchItems(
        matching words: [String], inChannels channelIDs: Set<String>, of workspace: WorkspaceRef, limit: Int
    ) async throws -> [Item] {
        let words = StoredRows.searchWords(words)
        guard !channelIDs.isEmpty, !words.isEmpty else { return [] }
        let (bindings, query) = Self.searchBindings(workspace, channels: channelIDs.sorted(), limit: limit, words: words)
        // Each expression is its index's, so that the index answers.
        return try await items(rows(PostgresQuery(unsafeSQL: """
            WITH search AS (SELECT \(query) AS query),
            found AS (
                SELECT id AS item_id, 2 * ts_rank(to_tsvector('simple', coalesce(meeting_title || ' ', '') || request), search.query) AS rank
                FROM items, search
                WHERE kind IN ('ask', 'preread') AND platform = $1 AND workspace_id = $2 AND channel_id = ANY($3)
                  AND to_tsvector('simple', coalesce(meeting_title || ' ', '') || request) @@ search.query
                UNION ALL
                SELECT item_id, ts_rank(to_tsvector('simple', text), search.query) FROM item_events, search
                WHERE text IS NOT NULL AND to_tsvector('simple', text) @@ search.query
            )
            SELECT items.* FROM items JOIN (SELECT item_id, max(rank) AS rank FROM found GROUP BY item_id) AS best ON best.item_id = items.id
            WHERE items.kind IN ('ask', 'preread') AND items.platform = $1 AND items.workspace_id = $2 AND items.channel_id = ANY($3)
            ORDER BY best.rank DESC, items.id DESC LIMIT $4
            """, binds: bindings)))
    }

    public func channelsWithAsks(in workspace: WorkspaceRef) async throws -> Set<String> {
        Set(try await rows("""
            SELECT DISTINCT channel_id FROM items
            WHERE kind IN ('ask', 'preread') AND platform = \(workspace.platform) AND workspace_id = \(workspace.workspaceID)
            """).map { try $0.requireText("channel_id") })
    }

    /// The workspace ($1 and $2), the channels ($3), the limit ($4) and each word after them, and a query of any of
    /// the words, each its own `plainto_tsquery`, so nothing people type is query syntax.
    static func searchBindings(
        _ workspace: WorkspaceRef, channels: [String], limit: Int, words: [String]
    ) -> (bindings: PostgresBindings, query: String) {
        var bindings = PostgresBindings()
        bindings.append(workspace.platform)
        bindings.append(workspace.workspaceID)
        bindings.append(channels)
        bindings.append(limit)
        for word in words { bindings.append(word) }
        return (bindings, words.indices.map { "plainto_tsquery('simple', $\($0 + 5))" }.joined(separator: " || "))
    }
}
