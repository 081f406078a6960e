import Foundation
import PostgresNIO
import UnhurriedCore

/// The scheduler's and the digests' queries; a partial index holds only assignments owed a follow-up.
extension PostgresStore {
    public func claimDueAssignments(at now: Date, limit: Int, leaseUntil: Date) async throws -> [DueAssignment] {
        // One statement leases the due assignments and reads their items, each with all its assignments, every row as
        // of the statement's start (a leased one as leased, which changes only its lease). The lease updates the rows
        // it locked by their physical address; a row changed by someone else since the start is locked at its new
        // version, which the statement cannot see, so it is not leased: it is left for the next pass, which comes at
        // once. A leased assignment is read from the lease's own answer; the others only of the items that may have
        // some (see migration 20), which most asks do not, so most claims look each claimed item up once. Item columns
        // come first, so `status` is the item's; its assignment's is `assignment_status`. Of an assignment only the
        // columns an item is built from are read, and its position only to sort by: every cell costs the store's
        // decoding, which bounds the claim.
        let rows = try await rows("""
            WITH claimed AS (
                UPDATE assignments SET follow_up_claimed_until_ms = \(leaseUntil.milliseconds) WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM assignments
                    WHERE next_follow_up_at_ms IS NOT NULL AND next_follow_up_at_ms <= \(now.milliseconds)
                      AND (follow_up_claimed_until_ms IS NULL OR follow_up_claimed_until_ms <= \(now.milliseconds))
                    ORDER BY next_follow_up_at_ms LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED))
                RETURNING \(unescaped: Self.claimedAssignmentColumns), position, true AS claimed
            ), claimed_items AS MATERIALIZED (
                SELECT * FROM items WHERE id = ANY(ARRAY(SELECT item_id FROM claimed))
            ), read AS (
                SELECT * FROM claimed
                UNION ALL
                SELECT \(unescaped: Self.claimedAssignmentColumns), position, false FROM assignments
                WHERE item_id = ANY(ARRAY(SELECT id FROM claimed_items WHERE assignee_count IS DISTINCT FROM 1))
                  AND NOT EXISTS (SELECT FROM claimed WHERE claimed.item_id = assignments.item_id AND claimed.assignee_id = assignments.assignee_id)
            )
            SELECT claimed_items.*, \(unescaped: Self.readAssignmentColumns), read.claimed
            FROM read JOIN claimed_items ON claimed_items.id = read.item_id
            ORDER BY read.position
            """)
        // In the order the assignments were added, as `items` reads them; each item's columns from its first row.
        var itemRows: [PostgresStoredRow] = []
        var itemIDs: Set<Int> = []
        for row in rows where itemIDs.insert(try row.requireInteger("id")).inserted {
            itemRows.append(row)
        }
        let items = try StoredRows.items(itemRows, assignments: rows, assignmentStatus: "assignment_status")
        return try DueAssignment.from(try rows.filter { try $0.flag("claimed") == true }, items: items)
    }

    /// What a claim reads of each assignment: the columns an item is built from.
    private static let claimedAssignmentColumns = """
        item_id, assignee_id, due_at_ms, status AS assignment_status, acknowledged_at_ms, snoozed_until_ms,
        next_follow_up_at_ms, follow_ups_handled_through_ms, first_call_at_ms, planned_in_team_zone,
        info_requested_at_ms
        """

    /// The same columns of a claim's `read`, by the names `claimedAssignmentColumns` gives them.
    private static let readAssignmentColumns = claimedAssignmentColumns.split(separator: ",")
        .map { "read.\($0.split(whereSeparator: \.isWhitespace).last ?? $0)" }.joined(separator: ", ")

    public func nextFollowUpAt() async throws -> Date? {
        // No index names the claim, so claiming updates a row in place.
        try await nextDue(
            unclaimed: """
                SELECT next_follow_up_at_ms AS next FROM assignments
                WHERE next_follow_up_at_ms IS NOT NULL AND follow_up_claimed_until_ms IS NULL
                ORDER BY next_follow_up_at_ms LIMIT 1
                """,
            claimed: { bound in
                """
                SELECT min(greatest(next_follow_up_at_ms, follow_up_claimed_until_ms)) AS next FROM assignments
                WHERE next_follow_up_at_ms <= \(bound) AND follow_up_claimed_until_ms IS NOT NULL
                """
            })
    }

    public func record(_ records: [FollowUpRecord]) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        let planned = JSONRows.encode(records) { record, row in
            row.add("item_id", Int(record.due.item.id.rawValue))
            row.add("assignee_id", record.due.assignee.rawValue)
            row.add("read_next_ms", record.due.nextFollowUpAt.milliseconds)
            row.add("next_ms", record.nextFollowUpAt?.milliseconds)
            row.add("handled_through_ms", record.handledThrough.milliseconds)
        }
        return try await transaction { rows in
            // Conditional on what the scheduler read: an answer, a snooze or another replica in between wins. A
            // concurrent change of the same row waits for this one, then sees the new instant and is left out.
            let updated = try await rows("""
                UPDATE assignments SET next_follow_up_at_ms = p.next_ms, follow_ups_handled_through_ms = p.handled_through_ms,
                    follow_up_claimed_until_ms = NULL
                FROM jsonb_to_recordset(\(planned)::jsonb)
                    AS p(item_id bigint, assignee_id text, read_next_ms bigint, next_ms bigint, handled_through_ms bigint)
                WHERE assignments.item_id = p.item_id AND assignments.assignee_id = p.assignee_id
                  AND assignments.next_follow_up_at_ms = p.read_next_ms
                RETURNING assignments.item_id, assignments.assignee_id
                """)
            let applied = Set(try updated.map { "\(try $0.requireInteger("item_id")) \(try $0.requireText("assignee_id"))" })
            let posts = records.filter { applied.contains("\($0.due.item.id.rawValue) \($0.due.assignee.rawValue)") }.flatMap(\.posts)
            return try await Self.enqueue(posts, with: rows)
        }
    }

    public func channelsWithOpenItems() async throws -> [ChatChannel] {
        try await rows("SELECT DISTINCT platform, workspace_id, channel_id FROM items WHERE status = 'open' AND kind = 'ask'").map { try $0.channel() }
    }

    public func channelsWithItems(createdSince instant: Date) async throws -> [ChatChannel] {
        try await rows("SELECT DISTINCT platform, workspace_id, channel_id FROM items WHERE created_at_ms >= \(instant.milliseconds)")
            .map { try $0.channel() }
    }

    public func openItems(in channel: ChatChannel) async throws -> [Item] {
        try await items(rows("""
            SELECT * FROM items
            WHERE status = 'open' AND kind = 'ask' AND platform = \(channel.platform) AND workspace_id = \(channel.workspaceID)
              AND channel_id = \(channel.channelID)
            ORDER BY id
            """))
    }

    public func firstResponses(in channel: ChatChannel, from start: Date, to end: Date) async throws -> [FirstResponse] {
        try await items(rows("""
            SELECT * FROM items WHERE kind = 'ask' AND platform = \(channel.platform) AND workspace_id = \(channel.workspaceID)
              AND channel_id = \(channel.channelID)
              AND id IN (SELECT item_id FROM assignments
                         WHERE acknowledged_at_ms >= \(start.milliseconds) AND acknowledged_at_ms < \(end.milliseconds))
            ORDER BY id
            """)).flatMap { FirstResponse.all(in: $0, from: start, to: end) }
    }

    public func itemHistories(_ query: HistoryQuery) async throws -> [ItemHistory] {
        let (sql, values) = StoredRows.itemsSQL(of: query) { "$\($0)" }
        var bindings = PostgresBindings()
        for value in values {
            switch value {
            case .integer(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            }
        }
        let rows = try await rows(PostgresQuery(unsafeSQL: sql, binds: bindings))
        var histories: [ItemHistory] = []
        for start in stride(from: 0, to: rows.count, by: StoredRows.historyBatch) {
            let items = try await items(Array(rows[start..<min(rows.count, start + StoredRows.historyBatch)]))
            let ids = items.map { Int($0.id.rawValue) }
            histories += try StoredRows.histories(items, events: try await self.rows("SELECT * FROM item_events WHERE item_id = ANY(\(ids)) ORDER BY id"))
        }
        return histories
    }

    /// Each word becomes its own `plainto_tsquery`, bound as a value, so nothing people type is query syntax; any word
    /// may match, and `ts_rank` puts the best first.
    public func searchDecisions(
        matching words: [String], inChannels channelIDs: Set<String>, of workspace: WorkspaceRef, limit: Int
    ) async throws -> [Item] {
        guard !channelIDs.isEmpty else { return [] }
        let words = StoredRows.searchWords(words)
        let channels = channelIDs.sorted()
        guard !words.isEmpty else {
            return try await items(rows("""
                SELECT * FROM items WHERE kind = 'decision' AND platform = \(workspace.platform) AND workspace_id = \(workspace.workspaceID)
                  AND channel_id = ANY(\(channels))
                ORDER BY id DESC LIMIT \(limit)
                """))
        }
        let (bindings, query) = Self.searchBindings(workspace, channels: channels, limit: limit, words: words)
        return try await items(rows(PostgresQuery(unsafeSQL: """
            SELECT items.* FROM items, (SELECT \(query) AS query) AS search
            WHERE kind = 'decision' AND platform = $1 AND workspace_id = $2 AND channel_id = ANY($3) AND to_tsvector('simple', request) @@ search.query
            ORDER BY ts_rank(to_tsvector('simple', request), search.query) DESC, id DESC LIMIT $4
            """, binds: bindings)))
    }

    public func channelsWithDecisions(in workspace: WorkspaceRef) async throws -> Set<String> {
        Set(try await rows("""
            SELECT DISTINCT channel_id FROM items WHERE kind = 'decision' AND platform = \(workspace.platform) AND workspace_id = \(workspace.workspaceID)
            """).map { try $0.requireText("channel_id") })
    }
}
