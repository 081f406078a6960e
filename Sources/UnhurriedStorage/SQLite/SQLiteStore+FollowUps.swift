import Foundation
import UnhurriedCore

/// The scheduler's queries. A partial index on `next_follow_up_at_ms` holds only assignments that are owed a
/// follow-up, so finding one tick's work reads the due rows and nothing else, however many asks are stored.
extension SQLiteStore {
    public func claimDueAssignments(at now: Date, limit: Int, leaseUntil: Date) async throws -> [DueAssignment] {
        let claimed = try await write { database in
            try database.query(
                """
                UPDATE assignments SET follow_up_claimed_until_ms = ? WHERE rowid IN (
                    SELECT rowid FROM assignments
                    WHERE next_follow_up_at_ms IS NOT NULL AND next_follow_up_at_ms <= ?
                      AND (follow_up_claimed_until_ms IS NULL OR follow_up_claimed_until_ms <= ?)
                    ORDER BY next_follow_up_at_ms LIMIT ?)
                RETURNING item_id, assignee_id, next_follow_up_at_ms, follow_ups_handled_through_ms
                """,
                [.integer(leaseUntil.milliseconds), .integer(now.milliseconds), .integer(now.milliseconds), .integer(limit)])
        }
        guard !claimed.isEmpty else { return [] }
        let itemIDs = Set(try claimed.map { try $0.requireInteger("item_id") })
        let itemRows = try await readInBackground(
            "SELECT * FROM items WHERE id IN (\(Self.placeholders(itemIDs.count)))", itemIDs.sorted().map { .integer($0) })
        return try DueAssignment.from(claimed, items: try await itemsInBackground(from: itemRows))
    }

    public func nextFollowUpAt() async throws -> Date? {
        // The earliest unclaimed follow-up from the due index, stopping at the first; a claimed one can only come
        // sooner if its own instant is no later than that, so the claimed are read from the same index up to there:
        // the batches in hand, never every open assignment.
        let rows = try await readInBackground(
            """
            SELECT unclaimed, (
                SELECT min(max(next_follow_up_at_ms, follow_up_claimed_until_ms)) FROM assignments INDEXED BY assignments_by_next_follow_up
                WHERE next_follow_up_at_ms IS NOT NULL AND follow_up_claimed_until_ms IS NOT NULL
                  AND next_follow_up_at_ms <= coalesce(unclaimed, \(Int.max))
            ) AS claimed
            FROM (SELECT (SELECT next_follow_up_at_ms FROM assignments INDEXED BY assignments_by_next_follow_up
                          WHERE next_follow_up_at_ms IS NOT NULL AND follow_up_claimed_until_ms IS NULL
                          ORDER BY next_follow_up_at_ms LIMIT 1) AS unclaimed)
            """, [])
        return try rows.first?.earliestDate(of: "unclaimed", "claimed")
    }

    public func record(_ records: [FollowUpRecord]) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        return try await write { database in
            // Conditional on what the scheduler read: an answer, a snooze or another worker in between wins.
            let updated = try SQLiteRowBatches.run(
                """
                UPDATE assignments SET next_follow_up_at_ms = planned.column4, follow_ups_handled_through_ms = planned.column5,
                    follow_up_claimed_until_ms = NULL
                FROM (
                """,
                rows: records.map { record in
                    [.integer(Int(record.due.item.id.rawValue)), .text(record.due.assignee.rawValue),
                     .integer(record.due.nextFollowUpAt.milliseconds), .optional(record.nextFollowUpAt),
                     .integer(record.handledThrough.milliseconds)]
                },
                template: "(?, ?, ?, ?, ?)",
                tail: """
                    ) AS planned
                    WHERE assignments.item_id = planned.column1 AND assignments.assignee_id = planned.column2
                      AND assignments.next_follow_up_at_ms = planned.column3
                    RETURNING assignments.item_id, assignments.assignee_id
                    """,
                on: database)
            let applied = Set(try updated.map { "\(try $0.requireInteger("item_id")) \(try $0.requireText("assignee_id"))" })
            let posts = records.filter { applied.contains("\($0.due.item.id.rawValue) \($0.due.assignee.rawValue)") }.flatMap(\.posts)
            return try Self.enqueue(posts, on: database)
        }
    }

    /// Queues the posts whose idempotency keys are not queued already; returns how many were queued.
    @discardableResult
    static func enqueue(_ posts: [QueuedPost], on database: SQLiteDatabase) throws -> Int {
        let encoder = JSONEncoder()
        let rows = try SQLiteRowBatches.run(
            """
            INSERT INTO outbox (idempotency_key, platform, workspace_id, channel_id, kind, item_id, subject_id, reply_in_thread,
                                thread_ref, body, private_to, status, next_attempt_at_ms, created_at_ms)
            """,
            rows: try posts.map { post in
                [.text(post.idempotencyKey.rawValue), .text(post.channel.platform), .text(post.channel.workspaceID),
                 .text(post.channel.channelID), .text(post.kind.rawValue), post.itemID.map { .integer(Int($0.rawValue)) } ?? .null,
                 post.subject.map { .text($0.rawValue) } ?? .null, .integer(post.replyInThread ? 1 : 0),
                 post.threadRef.map { .text($0) } ?? .null,
                 try post.body.map { .text(String(decoding: try encoder.encode($0), as: UTF8.self)) } ?? .null,
                 post.privateTo.map { .text($0.rawValue) } ?? .null,
                 .integer(post.dueAt.milliseconds), .integer(post.dueAt.milliseconds)]
            },
            template: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
            tail: "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
            on: database)
        return rows.count
    }
}
