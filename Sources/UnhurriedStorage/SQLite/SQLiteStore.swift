import Foundation
import Logging
import UnhurriedCore

/// The embedded default store: one SQLite file in WAL mode, fsync on every commit.
///
/// Writes go through one connection (`SQLiteWriter`, with group commit); reads use other connections so they
/// never wait for a write and never see one half-done: one for requests and lookups of single items, one for
/// the scheduler's and the outbox worker's scans, so those never queue in front of a slash command's.
///
/// Each connection has a thread of its own: a connection waiting for another's lock on the file (another store, or
/// another process such as `unhurried try`) then blocks only itself, never the connection it waits for. It waits at
/// most `busyTimeout`, then fails.
public final class SQLiteStore: UnhurriedStore {
    private let writer: SQLiteWriter
    private let writeConnection: SQLiteConnection
    private let readConnection: SQLiteConnection
    private let backgroundConnection: SQLiteConnection
    let peopleSettings = PeopleSettingsCache()

    private init(
        writeConnection: SQLiteConnection, readConnection: SQLiteConnection, backgroundConnection: SQLiteConnection
    ) {
        self.writeConnection = writeConnection
        self.readConnection = readConnection
        self.backgroundConnection = backgroundConnection
        writer = SQLiteWriter(connection: writeConnection)
    }

    /// Opens (creating if needed) and migrates the database at `path`.
    public static func open(path: String, logger: Logger) async throws -> SQLiteStore {
        var opened: [SQLiteConnection] = []
        do {
            for _ in 0..<3 {
                opened.append(try SQLiteConnection.open(path: path))
            }
            let writeConnection = opened[0]
            // WAL lets readers run beside the writer; synchronous=FULL makes each commit durable before it returns.
            _ = try await writeConnection.query("PRAGMA journal_mode = WAL")
            _ = try await writeConnection.query("PRAGMA synchronous = FULL")
            _ = try await writeConnection.query("PRAGMA foreign_keys = ON")
            try await SQLiteMigrator(connection: writeConnection, logger: logger).migrate()
            return SQLiteStore(writeConnection: writeConnection, readConnection: opened[1], backgroundConnection: opened[2])
        } catch {
            for connection in opened { try? await connection.close() }
            throw error
        }
    }

    /// Closes every connection, even when one fails to close, and throws the first failure.
    public func close() async throws {
        var failure: (any Error)?
        for connection in [backgroundConnection, readConnection, writeConnection] {
            do { try await connection.close() } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }

    // MARK: ItemStore

    public func create(_ new: NewItem) async throws -> Item {
        let id = try await writer.insert(new)
        return Item(id: ItemID(id), status: .open, new)
    }

    public func createOnce(_ new: NewItem) async throws -> (item: Item, created: Bool) {
        guard let origin = new.origin else { return (try await create(new), true) }
        // One writer runs the look and the insert with nothing between them; the unique index backs it up.
        let (id, created) = try await writer.write { database -> (Int64, Bool) in
            let found = try database.query(
                "SELECT id FROM items WHERE platform = ? AND workspace_id = ? AND channel_id = ? AND origin_ref = ?",
                [.text(new.channel.platform), .text(new.channel.workspaceID), .text(new.channel.channelID), .text(origin.messageRef)])
            if let id = found.first?.column("id")?.integer { return (Int64(id), false) }
            return (try SQLiteItemInsert.insert([new], on: database)[0], true)
        }
        if created { return (Item(id: ItemID(id), status: .open, new), true) }
        guard let stored = try await item(ItemID(id), in: new.channel.workspace) else { throw StoreError.missingColumn("id") }
        return (stored, false)
    }

    public func item(_ id: ItemID, in workspace: WorkspaceRef) async throws -> Item? {
        let rows = try await readConnection.query(
            "SELECT * FROM items WHERE id = ? AND platform = ? AND workspace_id = ?",
            [.integer(Int(id.rawValue)), .text(workspace.platform), .text(workspace.workspaceID)])
        return try await items(from: rows).first
    }

    public func openItems(assignedTo user: ChatUserID, in workspace: WorkspaceRef) async throws -> [Item] {
        let rows = try await readConnection.query(
            """
            SELECT items.* FROM assignments JOIN items ON items.id = assignments.item_id
            WHERE assignments.assignee_id = ? AND assignments.status = 'open' AND items.status = 'open'
              AND items.platform = ? AND items.workspace_id = ?
            ORDER BY assignments.due_at_ms, items.id
            """,
            [.text(user.rawValue), .text(workspace.platform), .text(workspace.workspaceID)])
        return try await items(from: rows)
    }

    public func openItems(authoredBy user: ChatUserID, in workspace: WorkspaceRef) async throws -> [Item] {
        let rows = try await readConnection.query(
            """
            SELECT items.* FROM items
            WHERE author_id = ? AND status = 'open' AND platform = ? AND workspace_id = ?
            ORDER BY (SELECT min(due_at_ms) FROM assignments WHERE item_id = items.id AND status = 'open'), id
            """,
            [.text(user.rawValue), .text(workspace.platform), .text(workspace.workspaceID)])
        return try await items(from: rows)
    }

    public func upcomingPrereads(in channel: ChatChannel, after instant: Date) async throws -> [Item] {
        let rows = try await readConnection.query(
            """
            SELECT * FROM items
            WHERE kind = 'preread' AND status = 'open' AND platform = ? AND workspace_id = ? AND channel_id = ? AND meeting_at_ms > ?
            ORDER BY meeting_at_ms, id
            """,
            [.text(channel.platform), .text(channel.workspaceID), .text(channel.channelID), .integer(instant.milliseconds)])
        return try await items(from: rows)
    }

    public func update(_ item: Item, recording event: ItemEvent, queueing posts: [QueuedPost]) async throws -> Bool {
        try await writer.write { database in
            guard try Self.update(item, recording: event, on: database) else { return false }
            _ = try Self.enqueue(posts, on: database)
            return true
        }
    }

    public func append(_ event: ItemEvent, to id: ItemID) async throws {
        _ = try await writer.write { database in try Self.append(event, to: Int(id.rawValue), on: database) }
    }

    /// `update`'s writes inside a transaction already open on `database`, for the store's extensions too. Without an
    /// event only the item's version and assignments are written: its history and card stay as they are.
    static func update(_ item: Item, recording event: ItemEvent?, on database: SQLiteDatabase) throws -> Bool {
        let id = Int(item.id.rawValue)
        let pendingUpdates = IdempotencyKey.cardUpdates(of: item.id)
        let updated = try database.query(
            "UPDATE items SET status = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
            [.text(item.status.rawValue), .integer(id), .integer(item.version)])
        guard !updated.isEmpty else { return false }
        for assignment in item.assignments {
            _ = try database.query(
                """
                UPDATE assignments SET status = ?, due_at_ms = ?, acknowledged_at_ms = ?, snoozed_until_ms = ?, next_follow_up_at_ms = ?,
                    first_call_at_ms = ?, planned_in_team_zone = ?, info_requested_at_ms = ?
                WHERE item_id = ? AND assignee_id = ?
                """,
                [.text(assignment.status.rawValue), .integer(assignment.dueAt.milliseconds), .optional(assignment.acknowledgedAt),
                 .optional(assignment.snoozedUntil), .optional(assignment.nextFollowUpAt), .optional(assignment.firstCallAt),
                 .integer(assignment.plannedInTeamZone ? 1 : 0), .optional(assignment.infoRequestedAt), .integer(id),
                 .text(assignment.assignee.rawValue)])
        }
        guard let event else { return true }
        let eventID = try Self.append(event, to: id, on: database)
        // One pending update is enough however often the item changes: it renders the state when it is sent. One
        // already being sent may have read the state before this change, so it does not count.
        _ = try database.query(
            """
            INSERT INTO outbox (idempotency_key, platform, workspace_id, channel_id, kind, item_id, status, next_attempt_at_ms, created_at_ms)
            SELECT ?, ?, ?, ?, ?, ?, 'pending', ?, ? WHERE NOT EXISTS
                (SELECT 1 FROM outbox WHERE idempotency_key >= ? AND idempotency_key < ?
                                          AND status = 'pending' AND in_flight_since_ms IS NULL)
            """,
            [.text(IdempotencyKey.cardUpdate(of: item.id, after: eventID).rawValue), .text(item.channel.platform),
             .text(item.channel.workspaceID), .text(item.channel.channelID), .text(PostKind.cardUpdate.rawValue), .integer(id),
             .integer(event.at.milliseconds), .integer(event.at.milliseconds),
             // The item's update keys share a prefix, so the unique index on keys finds them without one of its own.
             .text(pendingUpdates.lowerBound.rawValue), .text(pendingUpdates.upperBound.rawValue)])
        return true
    }

    /// A query on the read connection, for the store's extensions.
    func read(_ sql: String, _ binds: [SQLiteData]) async throws -> [SQLiteRow] {
        try await readConnection.query(sql, binds)
    }

    /// Several statements read in one transaction on the read connection: one snapshot, and one look at the
    /// write-ahead log instead of one per statement.
    func readTogether<Value: Sendable>(_ reads: @escaping @Sendable (SQLiteDatabase) throws -> Value) async throws -> Value {
        try await readConnection.perform { database in
            try database.query("BEGIN")
            do {
                let value = try reads(database)
                try database.query("COMMIT")
                return value
            } catch {
                _ = try? database.query("ROLLBACK")
                throw error
            }
        }
    }

    /// A query on the background connection, for the scheduler's and the delivery worker's extensions.
    func readInBackground(_ sql: String, _ binds: [SQLiteData]) async throws -> [SQLiteRow] {
        try await backgroundConnection.query(sql, binds)
    }

    func itemsInBackground(from rows: [SQLiteRow]) async throws -> [Item] {
        try await items(from: rows, on: backgroundConnection)
    }

    /// A write through the group-committing writer, for the store's extensions.
    func write<Value: Sendable>(_ work: @escaping @Sendable (SQLiteDatabase) throws -> Value) async throws -> Value {
        try await writer.write(work)
    }

    /// `write` for work that may change these people's settings or time away: what was read of them before is
    /// forgotten as it ends.
    func writePeople<Value: Sendable>(
        _ people: [(user: ChatUserID, workspace: WorkspaceRef)], _ work: @escaping @Sendable (SQLiteDatabase) throws -> Value
    ) async throws -> Value {
        defer { peopleSettings.forget(people) }
        return try await writer.write(work)
    }

    public func checkReachable() async throws {
        _ = try await readConnection.query("SELECT 1")
    }

    /// Appends to the item's history and returns the event's number.
    private static func append(_ event: ItemEvent, to itemID: Int, on database: SQLiteDatabase) throws -> Int {
        let rows = try database.query(
            "INSERT INTO item_events (item_id, kind, actor_id, at_ms, text) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [.integer(itemID), .text(event.kind.rawValue), .text(event.actor.rawValue), .integer(event.at.milliseconds),
             event.text.map { .text($0) } ?? .null])
        return try rows.first?.requireInteger("id") ?? 0
    }

    /// Reads item rows and their assignments (one query for all of them).
    private func items(from rows: [SQLiteRow], on connection: SQLiteConnection? = nil) async throws -> [Item] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.requireInteger("id") }
        let assignmentRows = try await (connection ?? readConnection).query(
            "SELECT * FROM assignments WHERE item_id IN (\(Self.placeholders(ids.count))) ORDER BY rowid",
            ids.map { .integer($0) })
        return try StoredRows.items(rows, assignments: assignmentRows)
    }

    // MARK: OutboxStore

    public func claimDuePosts(at now: Date, platforms: Set<String>, limit: Int, leaseUntil: Date) async throws -> [OutboxPost] {
        guard !platforms.isEmpty else { return [] }
        let rows = try await writer.write { database in
            try database.query(
                """
                UPDATE outbox SET claimed_until_ms = ? WHERE id IN (
                    SELECT id FROM outbox
                    WHERE status = 'pending' AND next_attempt_at_ms <= ? AND platform IN (\(Self.placeholders(platforms.count)))
                      AND (claimed_until_ms IS NULL OR claimed_until_ms <= ?)
                    ORDER BY next_attempt_at_ms, id LIMIT ?)
                RETURNING *
                """,
                [.integer(leaseUntil.milliseconds), .integer(now.milliseconds)] + platforms.sorted().map { .text($0) }
                    + [.integer(now.milliseconds), .integer(limit)])
        }
        return try rows.map(StoredRows.post(from:)).sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
    }

    public func nextPendingAttempt(platforms: Set<String>) async throws -> Date? {
        guard !platforms.isEmpty else { return nil }
        // The earliest unclaimed post comes first in `outbox_due`; a claimed post can only come sooner if its own
        // instant is no later than that, so the batches in hand are read from the same index up to there (named,
        // because SQLite without statistics would rather read every pending post). Neither look reads the rest of a
        // backlog, such as a channel's thousands of posts paced to its limit.
        let platformList = platforms.sorted().map { SQLiteData.text($0) }
        let rows = try await backgroundConnection.query(
            """
            SELECT unclaimed, (
                SELECT min(max(next_attempt_at_ms, claimed_until_ms)) FROM outbox INDEXED BY outbox_due
                WHERE status = 'pending' AND claimed_until_ms IS NOT NULL AND platform IN (\(Self.placeholders(platforms.count)))
                  AND next_attempt_at_ms <= coalesce(unclaimed, \(Int.max))
            ) AS claimed
            FROM (SELECT (SELECT next_attempt_at_ms FROM outbox
                          WHERE status = 'pending' AND claimed_until_ms IS NULL AND platform IN (\(Self.placeholders(platforms.count)))
                          ORDER BY next_attempt_at_ms LIMIT 1) AS unclaimed)
            """,
            platformList + platformList)
        return try rows.first?.earliestDate(of: "unclaimed", "claimed")
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    public func markInFlight(_ postIDs: [Int64], at: Date) async throws {
        guard !postIDs.isEmpty else { return }
        try await writer.write { database in
            _ = try database.query(
                "UPDATE outbox SET in_flight_since_ms = coalesce(in_flight_since_ms, ?) WHERE id IN (\(Self.placeholders(postIDs.count)))",
                [.integer(at.milliseconds)] + postIDs.map { .integer(Int($0)) })
        }
    }

    public func release(_ posts: [OutboxPost]) async throws {
        guard !posts.isEmpty else { return }
        try await writer.write { database in
            for post in posts {
                _ = try database.query(
                    "UPDATE outbox SET claimed_until_ms = NULL, in_flight_since_ms = ? WHERE id = ?",
                    [.optional(post.inFlightSince), .integer(Int(post.id))])
            }
        }
    }

    public func markSent(_ postID: Int64, messageRef: String, at: Date) async throws {
        try await writer.write { database in
            _ = try database.query(
                """
                UPDATE outbox SET status = 'sent', message_ref = ?, sent_at_ms = ?, attempts = attempts + 1, last_error = NULL,
                    in_flight_since_ms = NULL, claimed_until_ms = NULL
                WHERE id = ?
                """,
                [.text(messageRef), .integer(at.milliseconds), .integer(Int(postID))])
        }
    }

    public func markFailed(_ postID: Int64, error: String, retryAt: Date?, uncertain: Bool) async throws {
        try await writer.write { database in
            _ = try database.query(
                """
                UPDATE outbox SET attempts = attempts + 1, last_error = ?, status = ?, next_attempt_at_ms = coalesce(?, next_attempt_at_ms),
                    in_flight_since_ms = CASE WHEN ? THEN in_flight_since_ms ELSE NULL END, claimed_until_ms = NULL, paced_slot = 0
                WHERE id = ?
                """,
                [.text(error), .text(retryAt == nil ? OutboxPost.Status.dead.rawValue : OutboxPost.Status.pending.rawValue),
                 retryAt.map { .integer($0.milliseconds) } ?? .null, .integer(uncertain ? 1 : 0), .integer(Int(postID))])
        }
    }

    public func posts(withStatus status: OutboxPost.Status) async throws -> [OutboxPost] {
        let rows = try await readConnection.query(
            "SELECT * FROM outbox WHERE status = ? ORDER BY next_attempt_at_ms, id", [.text(status.rawValue)])
        return try rows.map(StoredRows.post(from:))
    }

    public func deadPostsByError(newest: Int) async throws -> [DeadPostGroup] {
        try StoredRows.deadPostGroups(await readConnection.query(StoredRows.deadPostsByErrorSQL(limit: "?"), [.integer(newest)]))
    }

    public func countPostsAwaitingAttention() async throws -> [OutboxPost.Status: Int] {
        let rows = try await readConnection.query(
            "SELECT status, count(*) AS posts FROM outbox WHERE status IN ('pending', 'dead') GROUP BY status", [])
        var counts: [OutboxPost.Status: Int] = [:]
        for row in rows {
            counts[try row.requireEnum("status")] = try row.requireInteger("posts")
        }
        return counts
    }

    public func requeue(_ postID: Int64, at: Date) async throws -> Bool {
        try await writer.write { database in
            let rows = try database.query(
                """
                UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at_ms = ?
                WHERE id = ? AND status IN ('pending', 'dead') RETURNING id
                """,
                [.integer(at.milliseconds), .integer(Int(postID))])
            return !rows.isEmpty
        }
    }

    public func post(withKey idempotencyKey: IdempotencyKey) async throws -> OutboxPost? {
        let rows = try await backgroundConnection.query("SELECT * FROM outbox WHERE idempotency_key = ?", [.text(idempotencyKey.rawValue)])
        return try rows.first.map(StoredRows.post(from:))
    }

    public func postpone(_ posts: [(id: Int64, until: Date)], reason: String, pacedSlot: Bool) async throws {
        guard !posts.isEmpty else { return }
        try await writer.write { database in
            for post in posts {
                _ = try database.query(
                    "UPDATE outbox SET next_attempt_at_ms = ?, last_error = ?, paced_slot = ?, claimed_until_ms = NULL WHERE id = ? AND status = 'pending'",
                    [.integer(post.until.milliseconds), .text(reason), .integer(pacedSlot ? 1 : 0), .integer(Int(post.id))])
            }
        }
    }

    public func markSkipped(_ postID: Int64, reason: String) async throws {
        try await writer.write { database in
            _ = try database.query(
                "UPDATE outbox SET status = 'skipped', last_error = ?, in_flight_since_ms = NULL, claimed_until_ms = NULL WHERE id = ? AND status = 'pending'",
                [.text(reason), .integer(Int(postID))])
        }
    }

    public func itemID(postedAs messageRef: String, in channel: ChatChannel) async throws -> ItemID? {
        let place: [SQLiteData] = [.text(channel.platform), .text(channel.workspaceID), .text(channel.channelID), .text(messageRef)]
        let rows = try await readConnection.query(
            """
            SELECT item_id FROM outbox
            WHERE platform = ? AND workspace_id = ? AND channel_id = ? AND message_ref = ? AND item_id IS NOT NULL
            UNION ALL
            SELECT id AS item_id FROM items WHERE platform = ? AND workspace_id = ? AND channel_id = ? AND origin_ref = ?
            LIMIT 1
            """,
            place + place)
        return try rows.first.map { ItemID(Int64(try $0.requireInteger("item_id"))) }
    }

    public func recordInboundEvent(_ eventID: String, platform: String, at: Date) async throws -> Bool {
        try await writer.write { database in
            let rows = try database.query(
                "INSERT INTO inbound_events (platform, event_id, received_at_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING event_id",
                [.text(platform), .text(eventID), .integer(at.milliseconds)])
            return !rows.isEmpty
        }
    }

    public func forgetInboundEvent(_ eventID: String, platform: String) async throws {
        try await writer.write { database in
            _ = try database.query(
                "DELETE FROM inbound_events WHERE platform = ? AND event_id = ?", [.text(platform), .text(eventID)])
        }
    }

    public func forgetInboundEvents(recordedBefore instant: Date) async throws -> Int {
        try await writer.write { database in
            try database.query(
                "DELETE FROM inbound_events WHERE received_at_ms < ? RETURNING event_id", [.integer(instant.milliseconds)]).count
        }
    }

    public func remember(_ value: String, as key: String, platform: String, at instant: Date) async throws {
        try await writer.write { database in
            _ = try database.query(
                """
                INSERT INTO platform_memory (platform, key, value, updated_at_ms) VALUES (?, ?, ?, ?)
                ON CONFLICT (platform, key) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms
                """,
                [.text(platform), .text(key), .text(value), .integer(instant.milliseconds)])
        }
    }

    public func recall(_ key: String, platform: String) async throws -> String? {
        let rows = try await readConnection.query(
            "SELECT value FROM platform_memory WHERE platform = ? AND key = ?", [.text(platform), .text(key)])
        return try rows.first?.text("value")
    }
}

extension SQLiteRow: StoredRow {
    func text(_ column: String) throws -> String? { self.column(column)?.string }
    func integer(_ column: String) throws -> Int? { self.column(column)?.integer }
    func flag(_ column: String) throws -> Bool? { self.column(column)?.integer.map { $0 != 0 } }
}

extension SQLiteData {
    static func optional(_ date: Date?) -> SQLiteData {
        date.map { .integer($0.milliseconds) } ?? .null
    }
}
