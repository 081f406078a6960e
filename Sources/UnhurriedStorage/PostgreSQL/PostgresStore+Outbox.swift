import Foundation
import PostgresNIO
import UnhurriedCore

extension PostgresStore {
    /// Inserts the posts of a `queued` CTE (one JSON array of `PostRow`s) whose keys are not queued already, in the
    /// array's order, returning their ids.
    static let enqueueQueued = """
        INSERT INTO outbox (idempotency_key, platform, workspace_id, channel_id, kind, item_id, subject_id, reply_in_thread,
                            thread_ref, body, private_to, status, next_attempt_at_ms, created_at_ms)
        SELECT p.idempotency_key, p.platform, p.workspace_id, p.channel_id, p.kind, p.item_id, p.subject_id, p.reply_in_thread,
               p.thread_ref, p.body, p.private_to, 'pending', p.due_at_ms, p.due_at_ms
        FROM ROWS FROM (jsonb_to_recordset((SELECT posts FROM queued)) AS (idempotency_key text, platform text,
            workspace_id text, channel_id text, kind text, item_id bigint, subject_id text, reply_in_thread boolean,
            thread_ref text, body text, private_to text, due_at_ms bigint))
            WITH ORDINALITY AS p(idempotency_key, platform, workspace_id, channel_id, kind, item_id, subject_id, reply_in_thread,
                                 thread_ref, body, private_to, due_at_ms, position)
        ORDER BY p.position
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id
        """

    /// Queues the posts whose keys are not queued already; returns how many were queued.
    static func enqueue(_ posts: [QueuedPost], with rows: PostgresStatements) async throws -> Int {
        guard !posts.isEmpty else { return 0 }
        let json = try JSONRows.encode(posts, fields: PostRow.fields(of:into:))
        return try await rows("WITH queued AS (SELECT \(json)::jsonb AS posts) \(unescaped: enqueueQueued)").count
    }

    public func queue(_ posts: [QueuedPost]) async throws {
        _ = try await Self.enqueue(posts, with: .pool(of: self))
    }

    public func claimDuePosts(at now: Date, platforms: Set<String>, limit: Int, leaseUntil: Date) async throws -> [OutboxPost] {
        guard !platforms.isEmpty else { return [] }
        let claimed = try await rows("""
            UPDATE outbox SET claimed_until_ms = \(leaseUntil.milliseconds) WHERE id IN (
                SELECT id FROM outbox
                WHERE status = 'pending' AND next_attempt_at_ms <= \(now.milliseconds) AND platform = ANY(\(platforms.sorted()))
                  AND (claimed_until_ms IS NULL OR claimed_until_ms <= \(now.milliseconds))
                ORDER BY next_attempt_at_ms, id LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """)
        return try claimed.map(StoredRows.post(from:)).sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
    }

    public func nextPendingAttempt(platforms: Set<String>) async throws -> Date? {
        guard !platforms.isEmpty else { return nil }
        // Neither read looks at the rest of a backlog, such as a channel's thousands of posts paced to its limit.
        let platforms = platforms.sorted()
        return try await nextDue(
            unclaimed: """
                SELECT next_attempt_at_ms AS next FROM outbox
                WHERE status = 'pending' AND claimed_until_ms IS NULL AND platform = ANY(\(platforms))
                ORDER BY next_attempt_at_ms LIMIT 1
                """,
            claimed: { bound in
                """
                SELECT min(greatest(next_attempt_at_ms, claimed_until_ms)) AS next FROM outbox
                WHERE status = 'pending' AND next_attempt_at_ms <= \(bound) AND claimed_until_ms IS NOT NULL
                  AND platform = ANY(\(platforms))
                """
            })
    }

    public func markInFlight(_ postIDs: [Int64], at: Date) async throws {
        guard !postIDs.isEmpty else { return }
        _ = try await rows("""
            UPDATE outbox SET in_flight_since_ms = coalesce(in_flight_since_ms, \(at.milliseconds)) WHERE id = ANY(\(postIDs.map(Int.init)))
            """)
    }

    public func release(_ posts: [OutboxPost]) async throws {
        guard !posts.isEmpty else { return }
        let json = JSONRows.encode(posts) { post, row in
            row.add("id", Int(post.id))
            row.add("at_ms", post.inFlightSince?.milliseconds)
        }
        _ = try await rows("""
            UPDATE outbox SET claimed_until_ms = NULL, in_flight_since_ms = p.at_ms
            FROM jsonb_to_recordset(\(json)::jsonb) AS p(id bigint, at_ms bigint) WHERE outbox.id = p.id
            """)
    }

    public func markSent(_ postID: Int64, messageRef: String, at: Date) async throws {
        _ = try await rows("""
            UPDATE outbox SET status = 'sent', message_ref = \(messageRef), sent_at_ms = \(at.milliseconds), attempts = attempts + 1,
                last_error = NULL, in_flight_since_ms = NULL, claimed_until_ms = NULL
            WHERE id = \(Int(postID))
            """)
    }

    public func markFailed(_ postID: Int64, error: String, retryAt: Date?, uncertain: Bool) async throws {
        let status = retryAt == nil ? OutboxPost.Status.dead : .pending
        _ = try await rows("""
            UPDATE outbox SET attempts = attempts + 1, last_error = \(error), status = \(status.rawValue),
                next_attempt_at_ms = coalesce(\(retryAt?.milliseconds)::bigint, next_attempt_at_ms),
                in_flight_since_ms = CASE WHEN \(uncertain) THEN in_flight_since_ms END, claimed_until_ms = NULL, paced_slot = false
            WHERE id = \(Int(postID))
            """)
    }

    public func posts(withStatus status: OutboxPost.Status) async throws -> [OutboxPost] {
        try await rows("SELECT * FROM outbox WHERE status = \(status.rawValue) ORDER BY next_attempt_at_ms, id").map(StoredRows.post(from:))
    }

    public func deadPostsByError(newest: Int) async throws -> [DeadPostGroup] {
        var bindings = PostgresBindings()
        bindings.append(newest)
        return try StoredRows.deadPostGroups(await rows(PostgresQuery(unsafeSQL: StoredRows.deadPostsByErrorSQL(limit: "$1"), binds: bindings)))
    }

    public func countPostsAwaitingAttention() async throws -> [OutboxPost.Status: Int] {
        var counts: [OutboxPost.Status: Int] = [:]
        for row in try await rows("SELECT status, count(*) AS posts FROM outbox WHERE status IN ('pending', 'dead') GROUP BY status") {
            counts[try row.requireEnum("status")] = try row.requireInteger("posts")
        }
        return counts
    }

    public func requeue(_ postID: Int64, at: Date) async throws -> Bool {
        try await !rows("""
            UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at_ms = \(at.milliseconds)
            WHERE id = \(Int(postID)) AND status IN ('pending', 'dead') RETURNING id
            """).isEmpty
    }

    public func post(withKey idempotencyKey: IdempotencyKey) async throws -> OutboxPost? {
        try await rows("SELECT * FROM outbox WHERE idempotency_key = \(idempotencyKey.rawValue)").first.map(StoredRows.post(from:))
    }

    public func postpone(_ posts: [(id: Int64, until: Date)], reason: String, pacedSlot: Bool) async throws {
        guard !posts.isEmpty else { return }
        let json = JSONRows.encode(posts) { post, row in
            row.add("id", Int(post.id))
            row.add("at_ms", post.until.milliseconds)
        }
        _ = try await rows("""
            UPDATE outbox SET next_attempt_at_ms = p.at_ms, last_error = \(reason), paced_slot = \(pacedSlot), claimed_until_ms = NULL
            FROM jsonb_to_recordset(\(json)::jsonb) AS p(id bigint, at_ms bigint) WHERE outbox.id = p.id AND outbox.status = 'pending'
            """)
    }

    public func markSkipped(_ postID: Int64, reason: String) async throws {
        _ = try await rows("""
            UPDATE outbox SET status = 'skipped', last_error = \(reason), in_flight_since_ms = NULL, claimed_until_ms = NULL
            WHERE id = \(Int(postID)) AND status = 'pending'
            """)
    }

    public func itemID(postedAs messageRef: String, in channel: ChatChannel) async throws -> ItemID? {
        try await rows("""
            SELECT item_id FROM outbox
            WHERE platform = \(channel.platform) AND workspace_id = \(channel.workspaceID) AND channel_id = \(channel.channelID)
              AND message_ref = \(messageRef) AND item_id IS NOT NULL
            UNION ALL
            SELECT id AS item_id FROM items
            WHERE platform = \(channel.platform) AND workspace_id = \(channel.workspaceID) AND channel_id = \(channel.channelID)
              AND origin_ref = \(messageRef)
            LIMIT 1
            """).first.map { ItemID(Int64(try $0.requireInteger("item_id"))) }
    }
}
