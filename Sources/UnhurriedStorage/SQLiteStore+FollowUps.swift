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
            // Conditional on what the scheduler read: an answer, a snooze or another worker in between wins.
            let updated = try await SQLiteRowBatches.run(
                """
                UPDATE assignments SET next_follow_up_at_ms = planned.column4, follow_ups_handled_through_ms = planned.column5
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
                on: connection)
            let applied = Set(try updated.map { "\(try $0.requireInteger("item_id")) \(try $0.requireText("assignee_id"))" })
            let posts = records.filter { applied.contains("\($0.due.item.id.rawValue) \($0.due.assignee.rawValue)") }.flatMap(\.posts)
            return try await Self.enqueue(posts, on: connection)
        }
    }

    /// Queues the posts whose idempotency keys are not queued already; returns how many were queued.
    @discardableResult
    static func enqueue(_ posts: [QueuedPost], on connection: SQLiteConnection) async throws -> Int {
        let encoder = JSONEncoder()
        let rows = try await SQLiteRowBatches.run(
            """
            INSERT INTO outbox (idempotency_key, platform, workspace_id, channel_id, kind, item_id, subject_id, reply_in_thread,
                                thread_ref, body, private_to, status, next_attempt_at_ms, created_at_ms)
            """,
            rows: try posts.map { post in
                [.text(post.idempotencyKey), .text(post.channel.platform), .text(post.channel.workspaceID),
                 .text(post.channel.channelID), .text(post.kind.rawValue), post.itemID.map { .integer(Int($0.rawValue)) } ?? .null,
                 post.subject.map { .text($0.rawValue) } ?? .null, .integer(post.replyInThread ? 1 : 0),
                 post.threadRef.map { .text($0) } ?? .null,
                 try post.body.map { .text(String(decoding: try encoder.encode($0), as: UTF8.self)) } ?? .null,
                 post.privateTo.map { .text($0.rawValue) } ?? .null,
                 .integer(post.dueAt.milliseconds), .integer(post.dueAt.milliseconds)]
            },
            template: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
            tail: "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
            on: connection)
        return rows.count
    }
}
