import Foundation
import Logging
import PostgresNIO
import UnhurriedCore

/// The shared store for several replicas: one PostgreSQL database, reached through a connection pool.
///
/// Each write is one transaction; batches travel as one JSON parameter expanded by `jsonb_to_recordset`, so a
/// batch of any size costs one statement. Due work is claimed with `FOR UPDATE SKIP LOCKED` and a lease, so the
/// replicas share it and a replica that dies mid-claim leaves its work to the others once the lease runs out.
///
/// The pool answers queries only while `run()` runs, which `serve` does in its service group.
public final class PostgresStore: UnhurriedStore {
    private let client: PostgresClient
    private let logger: Logger
    /// Finished by `close()`, which ends `run()`.
    private let closing = AsyncStream<Never>.makeStream()

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Connects and migrates the database over one connection of its own, so a wrong address, password or database
    /// name is reported as the server put it (the pool would only say that its attempts keep failing), and the pool
    /// can be run by whoever owns the store's lifetime.
    public static func open(_ server: PostgresServer, logger: Logger) async throws -> PostgresStore {
        try await migrate(server, logger: logger)
        var configuration = PostgresClient.Configuration(
            host: server.host, port: server.port, username: server.username, password: server.password,
            database: server.database, tls: try tls(server.tls))
        configuration.options.maximumConnections = 16
        if let schema = server.schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        return PostgresStore(client: PostgresClient(configuration: configuration, backgroundLogger: logger), logger: logger)
    }

    private static func migrate(_ server: PostgresServer, logger: Logger) async throws {
        let tls: PostgresConnection.Configuration.TLS = switch server.tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: tlsConfiguration(server.tls)))
        case .require, .verifyFull: .require(try NIOSSLContext(configuration: tlsConfiguration(server.tls)))
        }
        var configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.username, password: server.password, database: server.database, tls: tls)
        if let schema = server.schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                on: PostgresClient.defaultEventLoopGroup.any(), configuration: configuration, id: 0, logger: logger).get()
        } catch let error as PSQLError {
            throw StoreError.database("could not connect to \(server.host):\(server.port) as \(server.username): \(error.summary)")
        }
        do {
            try await describingPostgresErrors { try await PostgresMigrations.migrate(connection, schema: server.schema, logger: logger) }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    private static func tls(_ mode: PostgresServer.TLSMode) throws -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(tlsConfiguration(mode))
        case .require, .verifyFull: .require(tlsConfiguration(mode))
        }
    }

    private static func tlsConfiguration(_ mode: PostgresServer.TLSMode) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if mode != .verifyFull { configuration.certificateVerification = .none }
        return configuration
    }

    /// Runs the connection pool until `close()`, cancellation or a graceful shutdown.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            group.addTask { for await _ in self.closing.stream {} }
            await group.next()
            group.cancelAll()
        }
    }

    public func close() async {
        closing.continuation.finish()
    }

    public func checkReachable() async throws {
        _ = try await rows("SELECT 1")
    }

    /// How long a query, or a whole transaction, may go unanswered before it fails (see `answer(within:on:of:)`).
    static let answerLimit: TimeAmount = .seconds(30)

    /// The rows a query returns.
    func rows(_ query: PostgresQuery) async throws -> [PostgresStoredRow] {
        try await answered { client, logger in
            try await PostgresStatements.stored(client.query(query, logger: logger))
        }
    }

    /// The rows a prepared statement returns.
    func rows(_ statement: some PreparedStoreStatement) async throws -> [PostgresStoredRow] {
        try await onConnectionClosedOnFailure { connection, logger in
            try await PostgresStatements.stored(connection.execute(statement, logger: logger))
        }
    }

    /// A transaction on one pooled connection; `rows` runs statements inside it.
    func transaction<Value: Sendable>(_ work: @escaping @Sendable (_ rows: PostgresStatements) async throws -> Value) async throws -> Value {
        try await onConnectionClosedOnFailure { connection, logger in
            try await connection.withTransaction(logger: logger) { connection in
                try await work(.transaction(on: connection, logger: logger))
            }
        }
    }

    /// `work`'s value on one pooled connection; if it fails, the connection is closed, and the pool opens another.
    /// PostgresNIO keeps a failure to prepare a statement for the connection's life and gives it back for every later
    /// run there without asking the server again, while the pool goes on lending the connection. Failures are rare, a
    /// new connection cheap. A transaction's connection is closed only once the transaction has ended: PostgresNIO
    /// never answers its rollback on a connection closed meanwhile.
    private func onConnectionClosedOnFailure<Value: Sendable>(
        _ work: @escaping @Sendable (PostgresConnection, Logger) async throws -> Value
    ) async throws -> Value {
        try await answered { client, logger in
            try await client.withConnection { connection in
                do {
                    return try await work(connection, logger)
                } catch {
                    try? await connection.close()
                    throw error
                }
            }
        }
    }

    /// When the next of a queue's rows is due, for the outbox and the scheduler alike. `unclaimed` reads the instant of
    /// the earliest unclaimed row (column `next`) from the due index, stopping at the first; a claimed row can only come
    /// sooner if its own instant is no later than that, so `claimed(bound)` reads the earliest instant a claimed row
    /// with an instant up to `bound` can be taken again (column `next`), from the same index: the batches in hand, never
    /// a whole backlog. Two reads, so PostgreSQL plans the second knowing the bound (planned without it, it expected a
    /// third of the table and started parallel workers, slower to start than the read), in one repeatable-read
    /// snapshot, so a claim or a postponement between them cannot hide the earliest.
    func nextDue(unclaimed: PostgresQuery, claimed: @escaping @Sendable (_ bound: Int) -> PostgresQuery) async throws -> Date? {
        try await transaction { rows in
            _ = try await rows("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            let first = try await rows(unclaimed).first?.optionalDate("next")
            let reclaimable = try await rows(claimed(first?.milliseconds ?? Int.max)).first?.optionalDate("next")
            return [first, reclaimable].compactMap(\.self).min()
        }
    }

    /// What `call` gives with the pool, once PostgreSQL answers within `answerLimit`.
    private func answered<Value: Sendable>(_ call: @escaping @Sendable (PostgresClient, Logger) async throws -> Value) async throws -> Value {
        let (client, logger) = (client, logger)
        do {
            return try await describingPostgresErrors {
                try await answer(within: Self.answerLimit, on: PostgresClient.defaultEventLoopGroup.any()) { try await call(client, logger) }
            }
        } catch is MissedAnswerDeadline {
            throw StoreError.database("PostgreSQL did not answer within \(Self.answerLimit.nanoseconds / 1_000_000_000) s")
        }
    }

    // MARK: ItemStore

    public func create(_ new: NewItem) async throws -> Item {
        try await insert(new, with: .pool(of: self))
    }

    public func createOnce(_ new: NewItem) async throws -> (item: Item, created: Bool) {
        guard let origin = new.origin else { return (try await create(new), true) }
        // Replicas tracking the same message at once queue on a lock named by it, so the second finds the first's
        // item; the unique index backs it up.
        let found: Int? = try await transaction { rows in
            _ = try await rows("""
                SELECT pg_advisory_xact_lock(hashtext(\(new.channel.platform + ":" + new.channel.workspaceID + ":" + new.channel.channelID + ":" + origin.messageRef)))
                """)
            let existing = try await rows("""
                SELECT id FROM items WHERE platform = \(new.channel.platform) AND workspace_id = \(new.channel.workspaceID)
                  AND channel_id = \(new.channel.channelID) AND origin_ref = \(origin.messageRef)
                """)
            if let row = existing.first { return try row.requireInteger("id") }
            _ = try await self.insert(new, with: rows)
            return nil
        }
        guard let id = found else {
            guard let stored = try await items(rows("""
                SELECT * FROM items WHERE platform = \(new.channel.platform) AND workspace_id = \(new.channel.workspaceID)
                  AND channel_id = \(new.channel.channelID) AND origin_ref = \(origin.messageRef)
                """)).first else { throw StoreError.missingColumn("id") }
            return (stored, true)
        }
        guard let stored = try await item(ItemID(Int64(id)), in: new.channel.workspace) else { throw StoreError.missingColumn("id") }
        return (stored, false)
    }

    /// Inserts the item, its assignments, its `created` event and its posts with `rows`.
    private func insert(_ new: NewItem, with rows: PostgresStatements) async throws -> Item {
        guard let id = try await rows(NextItemID()).first?.requireInteger("id") else {
            throw StoreError.missingColumn("id")
        }
        _ = try await rows(try ItemInsert(new, id: id))
        return Item(id: ItemID(Int64(id)), status: .open, new)
    }

    public func item(_ id: ItemID, in workspace: WorkspaceRef) async throws -> Item? {
        try await items(rows("""
            SELECT * FROM items WHERE id = \(Int(id.rawValue)) AND platform = \(workspace.platform) AND workspace_id = \(workspace.workspaceID)
            """)).first
    }

    public func openItems(assignedTo user: ChatUserID, in workspace: WorkspaceRef) async throws -> [Item] {
        try await items(rows("""
            SELECT items.* FROM assignments JOIN items ON items.id = assignments.item_id
            WHERE assignments.assignee_id = \(user.rawValue) AND assignments.status = 'open' AND items.status = 'open'
              AND items.platform = \(workspace.platform) AND items.workspace_id = \(workspace.workspaceID)
            ORDER BY assignments.due_at_ms, items.id
            """))
    }

    public func openItems(authoredBy user: ChatUserID, in workspace: WorkspaceRef) async throws -> [Item] {
        try await items(rows("""
            SELECT items.* FROM items
            WHERE author_id = \(user.rawValue) AND status = 'open' AND platform = \(workspace.platform) AND workspace_id = \(workspace.workspaceID)
            ORDER BY (SELECT min(due_at_ms) FROM assignments WHERE item_id = items.id AND status = 'open'), id
            """))
    }

    public func upcomingPrereads(in channel: ChatChannel, after instant: Date) async throws -> [Item] {
        try await items(rows("""
            SELECT * FROM items
            WHERE kind = 'preread' AND status = 'open' AND platform = \(channel.platform) AND workspace_id = \(channel.workspaceID)
              AND channel_id = \(channel.channelID) AND meeting_at_ms > \(instant.milliseconds)
            ORDER BY meeting_at_ms, id
            """))
    }

    public func update(_ item: Item, recording event: ItemEvent, queueing posts: [QueuedPost]) async throws -> Bool {
        try await transaction { rows in
            guard try await Self.update(item, recording: event, rows: rows) else { return false }
            _ = try await Self.enqueue(posts, with: rows)
            return true
        }
    }

    public func append(_ event: ItemEvent, to id: ItemID) async throws {
        _ = try await rows("""
            INSERT INTO item_events (item_id, kind, actor_id, at_ms, text)
            VALUES (\(Int(id.rawValue)), \(event.kind.rawValue), \(event.actor.rawValue), \(event.at.milliseconds), \(event.text))
            """)
    }

    /// `update`'s writes inside a transaction whose queries `rows` runs, for the store's extensions too. Without an event
    /// only the item's version and assignments are written: its history and card stay as they are.
    static func update(
        _ item: Item, recording event: ItemEvent?, rows: PostgresStatements
    ) async throws -> Bool {
        let id = Int(item.id.rawValue)
        let pendingUpdates = IdempotencyKey.cardUpdates(of: item.id)
        let assignments = JSONRows.encode(item.assignments, fields: AssignmentRow.fields(of:into:))
        // A concurrent change of the same item waits for this one and then finds the version moved on.
        let updated = try await rows(
            "UPDATE items SET status = \(item.status.rawValue), version = version + 1 WHERE id = \(id) AND version = \(item.version) RETURNING id")
        guard !updated.isEmpty else { return false }
        let updateAssignments = """
            UPDATE assignments SET status = a.status, due_at_ms = a.due_at_ms, acknowledged_at_ms = a.acknowledged_at_ms,
                snoozed_until_ms = a.snoozed_until_ms, next_follow_up_at_ms = a.next_follow_up_at_ms, first_call_at_ms = a.first_call_at_ms,
                planned_in_team_zone = a.planned_in_team_zone, info_requested_at_ms = a.info_requested_at_ms
            FROM jsonb_to_recordset($1::jsonb) AS a(assignee_id text, due_at_ms bigint, status text,
                acknowledged_at_ms bigint, snoozed_until_ms bigint, next_follow_up_at_ms bigint, first_call_at_ms bigint,
                planned_in_team_zone boolean, info_requested_at_ms bigint)
            WHERE assignments.item_id = $2 AND assignments.assignee_id = a.assignee_id
            """
        guard let event else {
            var binds = PostgresBindings()
            binds.append(assignments)
            binds.append(id)
            _ = try await rows(PostgresQuery(unsafeSQL: updateAssignments, binds: binds))
            return true
        }
        var binds = PostgresBindings()
        binds.append(assignments)
        binds.append(id)
        binds.append(event.kind.rawValue)
        binds.append(event.actor.rawValue)
        binds.append(event.at.milliseconds)
        binds.append(event.text)
        let appended = try await rows(PostgresQuery(unsafeSQL: """
            WITH changed AS (\(updateAssignments))
            INSERT INTO item_events (item_id, kind, actor_id, at_ms, text) VALUES ($2, $3, $4, $5, $6)
            RETURNING id
            """, binds: binds))
        let eventID = try appended.first?.requireInteger("id") ?? 0
        // One pending update is enough however often the item changes: it renders the state when it is sent. One
        // already being sent may have read the state before this change, so it does not count.
        _ = try await rows("""
            INSERT INTO outbox (idempotency_key, platform, workspace_id, channel_id, kind, item_id, status, next_attempt_at_ms, created_at_ms)
            SELECT \(IdempotencyKey.cardUpdate(of: item.id, after: eventID).rawValue), \(item.channel.platform), \(item.channel.workspaceID), \(item.channel.channelID),
                   \(PostKind.cardUpdate.rawValue), \(id), 'pending', \(event.at.milliseconds), \(event.at.milliseconds)
            WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE idempotency_key >= \(pendingUpdates.lowerBound.rawValue)
                                                    AND idempotency_key < \(pendingUpdates.upperBound.rawValue)
                                                    AND status = 'pending' AND in_flight_since_ms IS NULL)
            """)
        return true
    }

    /// Items from their rows, with their assignments (one query for all of them). The assignments are read after the
    /// item rows, never before: an update is conditional on the item's version as read, so assignments older than
    /// that version would be written back over a change made in between.
    func items(_ rows: [PostgresStoredRow]) async throws -> [Item] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.requireInteger("id") }
        let assignments = try await self.rows("SELECT * FROM assignments WHERE item_id = ANY(\(ids)) ORDER BY position")
        return try StoredRows.items(rows, assignments: assignments)
    }

    // MARK: InboundEventLog

    public func recordInboundEvent(_ eventID: String, platform: String, at: Date) async throws -> Bool {
        try await !rows("""
            INSERT INTO inbound_events (platform, event_id, received_at_ms) VALUES (\(platform), \(eventID), \(at.milliseconds))
            ON CONFLICT DO NOTHING RETURNING event_id
            """).isEmpty
    }

    public func forgetInboundEvent(_ eventID: String, platform: String) async throws {
        _ = try await rows("DELETE FROM inbound_events WHERE platform = \(platform) AND event_id = \(eventID)")
    }

    public func forgetInboundEvents(recordedBefore instant: Date) async throws -> Int {
        try await rows("DELETE FROM inbound_events WHERE received_at_ms < \(instant.milliseconds) RETURNING event_id").count
    }

    public func remember(_ value: String, as key: String, platform: String, at instant: Date) async throws {
        _ = try await rows("""
            INSERT INTO platform_memory (platform, key, value, updated_at_ms) VALUES (\(platform), \(key), \(value), \(instant.milliseconds))
            ON CONFLICT (platform, key) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms
            """)
    }

    public func recall(_ key: String, platform: String) async throws -> String? {
        try await rows("SELECT value FROM platform_memory WHERE platform = \(platform) AND key = \(key)").first?.text("value")
    }
}
