import Foundation
import SQLiteNIO
import UnhurriedCore

/// The scheduler's queries. A partial index on `next_follow_up_at_ms` holds only assignments that are owed a
/// follow-up, so finding one tick's work reads the due rows and nothing else, however many asks are stored.
extension SQLiteStore {
    public func dueAssignments(at now: Date, limit: Int) async throws -> [DueAssignment] {
        let due = try await readInBackground(
            """
            SELECT item_id, assignee_id, next_follow_up_at_ms, follow_ups_handled_through_ms FROM assignments
            WHERE next_follow_up_at_ms IS NOT NULL AND next_follow_up_at_ms <= ?
            ORDER BY next_follow_up_at_ms LIMIT ?
            """,
            [.integer(now.milliseconds), .integer(limit)])
        guard !due.isEmpty else { return [] }
        let itemIDs = Set(try due.map { try $0.requireInteger("item_id") })
        let itemRows = try await readInBackground(
            "SELECT * FROM items WHERE id IN (\(Self.placeholders(itemIDs.count)))", itemIDs.sorted().map { .integer($0) })
        let items = try await itemsInBackground(from: itemRows)
        let byID = Dictionary(items.map { (Int($0.id.rawValue), $0) }, uniquingKeysWith: { first, _ in first })
        return try due.compactMap { row in
            guard let item = byID[try row.requireInteger("item_id")] else { return nil }
            let next = Date(milliseconds: try row.requireInteger("next_follow_up_at_ms"))
            return DueAssignment(
                item: item, assignee: ChatUserID(try row.requireText("assignee_id")),
                handledThrough: row.optionalDate("follow_ups_handled_through_ms") ?? item.createdAt, nextFollowUpAt: next)
        }
    }

    public func nextFollowUpAt() async throws -> Date? {
        let rows = try await readInBackground(
            "SELECT min(next_follow_up_at_ms) AS next FROM assignments WHERE next_follow_up_at_ms IS NOT NULL", [])
        return rows.first?.optionalDate("next")
    }

    public func record(_ records: [FollowUpRecord]) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        return try await write { connection in
            var queued = 0
            for record in records {
                // Conditional on what the scheduler read: an answer, a snooze or another worker in between wins.
                let updated = try await connection.query(
                    """
                    UPDATE assignments SET next_follow_up_at_ms = ?, follow_ups_handled_through_ms = ?
                    WHERE item_id = ? AND assignee_id = ? AND next_follow_up_at_ms = ? RETURNING item_id
                    """,
                    [.optional(record.nextFollowUpAt), .integer(record.handledThrough.milliseconds),
                     .integer(Int(record.due.item.id.rawValue)), .text(record.due.assignee.rawValue),
                     .integer(record.due.nextFollowUpAt.milliseconds)])
                guard !updated.isEmpty else { continue }
                for post in record.posts {
                    if try await Self.enqueue(post, on: connection) { queued += 1 }
                }
            }
            return queued
        }
    }

    /// Queues a post unless one with its idempotency key exists already; returns whether it was queued.
    @discardableResult
    static func enqueue(_ post: QueuedPost, on connection: SQLiteConnection) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO outbox (idempotency_key, platform, workspace_id, channel_id, kind, item_id, subject_id, reply_in_thread,
                                thread_ref, body, private_to, status, next_attempt_at_ms, created_at_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id
            """,
            [.text(post.idempotencyKey), .text(post.channel.platform), .text(post.channel.workspaceID),
             .text(post.channel.channelID), .text(post.kind.rawValue), post.itemID.map { .integer(Int($0.rawValue)) } ?? .null,
             post.subject.map { .text($0.rawValue) } ?? .null, .integer(post.replyInThread ? 1 : 0),
             post.threadRef.map { .text($0) } ?? .null,
             try post.body.map { .text(String(decoding: try JSONEncoder().encode($0), as: UTF8.self)) } ?? .null,
             post.privateTo.map { .text($0.rawValue) } ?? .null,
             .integer(post.dueAt.milliseconds), .integer(post.dueAt.milliseconds)])
        return !rows.isEmpty
    }
}
