import Foundation
import UnhurriedCore
import Logging
import PostgresNIO

/// The PostgreSQL schema's history. PostgreSQL support began at SQLite's schema 4, so its first migration creates that
/// schema whole; since then each store numbers its own versions, as a change one store needs may not be the other's
/// (an index for SQLite's planner, a fill factor here). Never edit or remove a shipped one.
enum PostgresMigrations {
    static let all: [SchemaMigration] = [
        SchemaMigration(version: 4, statements: [
            """
            CREATE TABLE items (
                id BIGSERIAL PRIMARY KEY,
                kind TEXT NOT NULL,
                platform TEXT NOT NULL,
                workspace_id TEXT NOT NULL,
                channel_id TEXT NOT NULL,
                author_id TEXT NOT NULL,
                request TEXT NOT NULL,
                links TEXT NOT NULL,
                tier TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at_ms BIGINT NOT NULL,
                version INTEGER NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX items_by_author ON items (platform, workspace_id, author_id, status)",
            "CREATE INDEX items_open_by_channel ON items (platform, workspace_id, channel_id) WHERE status = 'open'",
            """
            CREATE TABLE assignments (
                position BIGINT GENERATED ALWAYS AS IDENTITY,
                item_id BIGINT NOT NULL REFERENCES items (id),
                assignee_id TEXT NOT NULL,
                due_at_ms BIGINT NOT NULL,
                status TEXT NOT NULL,
                acknowledged_at_ms BIGINT,
                snoozed_until_ms BIGINT,
                next_follow_up_at_ms BIGINT,
                follow_ups_handled_through_ms BIGINT,
                follow_up_claimed_until_ms BIGINT,
                PRIMARY KEY (item_id, assignee_id)
            )
            """,
            "CREATE INDEX assignments_by_assignee ON assignments (assignee_id, status, due_at_ms)",
            "CREATE INDEX assignments_by_next_follow_up ON assignments (next_follow_up_at_ms) WHERE next_follow_up_at_ms IS NOT NULL",
            """
            CREATE TABLE item_events (
                id BIGSERIAL PRIMARY KEY,
                item_id BIGINT NOT NULL REFERENCES items (id),
                kind TEXT NOT NULL,
                actor_id TEXT NOT NULL,
                at_ms BIGINT NOT NULL
            )
            """,
            "CREATE INDEX item_events_by_item ON item_events (item_id, id)",
            // Keys are compared byte by byte so an item's card-update keys form one range of the unique index.
            """
            CREATE TABLE outbox (
                id BIGSERIAL PRIMARY KEY,
                idempotency_key TEXT COLLATE "C" NOT NULL UNIQUE,
                platform TEXT NOT NULL,
                workspace_id TEXT NOT NULL,
                channel_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                item_id BIGINT REFERENCES items (id),
                subject_id TEXT,
                reply_in_thread BOOLEAN NOT NULL DEFAULT false,
                thread_ref TEXT,
                body TEXT,
                private_to TEXT,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at_ms BIGINT NOT NULL,
                in_flight_since_ms BIGINT,
                claimed_until_ms BIGINT,
                paced_slot BOOLEAN NOT NULL DEFAULT false,
                last_error TEXT,
                message_ref TEXT,
                created_at_ms BIGINT NOT NULL,
                sent_at_ms BIGINT
            )
            """,
            "CREATE INDEX outbox_pending ON outbox (next_attempt_at_ms, id) WHERE status = 'pending'",
            "CREATE INDEX outbox_dead ON outbox (id) WHERE status = 'dead'",
            "CREATE INDEX outbox_by_item ON outbox (item_id) WHERE item_id IS NOT NULL",
            "CREATE INDEX outbox_by_message ON outbox (platform, workspace_id, channel_id, message_ref) WHERE message_ref IS NOT NULL",
            """
            CREATE TABLE people (
                platform TEXT NOT NULL,
                workspace_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                time_zone TEXT,
                days TEXT,
                from_minute INTEGER,
                to_minute INTEGER,
                directory_time_zone TEXT,
                directory_checked_at_ms BIGINT,
                PRIMARY KEY (platform, workspace_id, user_id)
            )
            """,
            """
            CREATE TABLE time_away (
                id BIGSERIAL PRIMARY KEY,
                platform TEXT NOT NULL,
                workspace_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                first_day TEXT NOT NULL,
                last_day TEXT NOT NULL
            )
            """,
            "CREATE INDEX time_away_by_person ON time_away (platform, workspace_id, user_id)",
            """
            CREATE TABLE inbound_events (
                platform TEXT NOT NULL,
                event_id TEXT NOT NULL,
                received_at_ms BIGINT NOT NULL,
                PRIMARY KEY (platform, event_id)
            )
            """,
        ]),
        SchemaMigration(version: 5, statements: [
            // Statistics and exports read the items asked since a date.
            "CREATE INDEX items_by_creation ON items (created_at_ms)",
            // The decision log: a decision may replace an earlier one, and its words are searched (a GIN index).
            "ALTER TABLE items ADD COLUMN supersedes_id BIGINT REFERENCES items (id)",
            "CREATE INDEX decisions_by_words ON items USING GIN (to_tsvector('simple', request)) WHERE kind = 'decision'",
            "CREATE INDEX decisions_by_channel ON items (platform, workspace_id, channel_id, id) WHERE kind = 'decision'",
        ]),
        SchemaMigration(version: 6, statements: [
            // Pre-reads: the meeting's title, when it starts and when the pre-read goes out; listed by channel and meeting.
            "ALTER TABLE items ADD COLUMN meeting_title TEXT",
            "ALTER TABLE items ADD COLUMN meeting_at_ms BIGINT",
            "ALTER TABLE items ADD COLUMN post_at_ms BIGINT",
            "CREATE INDEX prereads_by_channel ON items (platform, workspace_id, channel_id, meeting_at_ms) WHERE kind = 'preread'",
            // Standups: each person's answers to a round, kept until (and after) its digest.
            """
            CREATE TABLE standup_answers (
                standup_key TEXT NOT NULL,
                round_date TEXT NOT NULL,
                user_id TEXT NOT NULL,
                message_ref TEXT NOT NULL,
                answer TEXT NOT NULL,
                answered_at_ms BIGINT NOT NULL,
                PRIMARY KEY (standup_key, round_date, user_id, message_ref)
            )
            """,
        ]),
        SchemaMigration(version: 7, statements: [
            // Handled events are forgotten after a retention; this finds the old ones.
            "CREATE INDEX inbound_events_by_age ON inbound_events (received_at_ms)",
        ]),
        SchemaMigration(version: 8, statements: [
            // When someone the card reached outside their hours is called; older assignments were called by their card.
            "ALTER TABLE assignments ADD COLUMN first_call_at_ms bigint",
        ]),
        SchemaMigration(version: 9, statements: [
            // Split and per-day hours (`mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00`) and focus time, as
            // `WeeklySchedule` writes them; `blocks` replaces from_minute/to_minute, which older rows still hold.
            "ALTER TABLE people ADD COLUMN blocks text",
            "ALTER TABLE people ADD COLUMN week text",
            "ALTER TABLE people ADD COLUMN focus text",
        ]),
        SchemaMigration(version: 10, statements: [
            // How each person chose to be reminded: `each` or `daily`; NULL follows each ask's tier. A daily nudge needs no
            // table of its own: its outbox key names the person and their day, so it is queued once per day.
            "ALTER TABLE people ADD COLUMN nudges text",
        ]),
        SchemaMigration(version: 11, statements: [
            // Asks tracked from a message: the message (which the card links to) and the thread the card goes in. One
            // message makes one ask, however many people react to it at once and on however many replicas.
            "ALTER TABLE items ADD COLUMN origin_ref TEXT",
            "ALTER TABLE items ADD COLUMN origin_thread_ref TEXT",
            "CREATE UNIQUE INDEX items_by_origin ON items (platform, workspace_id, channel_id, origin_ref) WHERE origin_ref IS NOT NULL",
        ]),
        SchemaMigration(version: 12, statements: [
            // What an adapter learns from its platform and needs later: Teams' conversation references, say, without
            // which no reminder can be posted after a restart.
            """
            CREATE TABLE platform_memory (
                platform TEXT NOT NULL,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                updated_at_ms BIGINT NOT NULL,
                PRIMARY KEY (platform, key)
            )
            """,
        ]),
        SchemaMigration(version: 13, statements: [
            // Set when the deadline was counted in the team's zone because the assignee's profile did not answer in
            // time: it is planned again in their own zone when the answer comes.
            "ALTER TABLE assignments ADD COLUMN planned_in_team_zone boolean NOT NULL DEFAULT false",
        ]),
        SchemaMigration(version: 14, statements: [
            // The admin page's sessions: kept here so that every replica knows them and a restart ends none; the
            // cookie holds only the random id.
            """
            CREATE TABLE admin_sessions (
                id TEXT PRIMARY KEY,
                csrf TEXT NOT NULL,
                expires_at_ms BIGINT NOT NULL
            )
            """,
        ]),
        SchemaMigration(version: 15, statements: [
            // Posts and follow-ups claimed for a pass, a batch at a time: when the next one is due looks at these and
            // the earliest unclaimed one, never at a whole backlog or every open assignment. Each index holds only
            // what that look counts, so a claim left on a post sent or an ask answered does not stay in it; the SQLite
            // store names these indexes in its queries, so they keep their names.
            "CREATE INDEX outbox_claimed ON outbox (claimed_until_ms) WHERE claimed_until_ms IS NOT NULL AND status = 'pending'",
            """
            CREATE INDEX assignments_follow_up_claimed ON assignments (follow_up_claimed_until_ms)
            WHERE follow_up_claimed_until_ms IS NOT NULL AND next_follow_up_at_ms IS NOT NULL
            """,
        ]),
        SchemaMigration(version: 16, statements: [
            // A claim is the most frequent write to both tables. Once no index names the claim, PostgreSQL can update
            // the row in place on its page (a heap-only tuple) instead of adding an entry to every index, which was
            // most of a tick's claim; the lookups that used these indexes read the due index instead. The free room
            // left on each page is what lets the new row version stay on it.
            "DROP INDEX outbox_claimed",
            "DROP INDEX assignments_follow_up_claimed",
            "ALTER TABLE outbox SET (fillfactor = 80)",
            "ALTER TABLE assignments SET (fillfactor = 80)",
        ]),
        SchemaMigration(version: 17, statements: [
            // What a reply under an item's post said, kept in its history as the answer.
            "ALTER TABLE item_events ADD COLUMN text TEXT",
        ]),
        SchemaMigration(version: 18, statements: [
            // Asks and pre-reads are searched by their words and by the replies kept with them.
            """
            CREATE INDEX asks_by_words ON items USING GIN (to_tsvector('simple', coalesce(meeting_title || ' ', '') || request))
            WHERE kind IN ('ask', 'preread')
            """,
            "CREATE INDEX replies_by_words ON item_events USING GIN (to_tsvector('simple', text)) WHERE text IS NOT NULL",
        ]),
        SchemaMigration(version: 19, statements: [
            // When an assignee asked the author for more; cleared by the author's answer in the item's thread.
            "ALTER TABLE assignments ADD COLUMN info_requested_at_ms BIGINT",
        ]),
        SchemaMigration(version: 20, statements: [
            // A tick's claim looks up the other assignments only of items that may have some, which most asks do not;
            // an item's assignees are fixed when it is made. NULL where an older release stored the item (before the
            // upgrade, or while replicas are rolled): its assignments are looked up, as that release's claim did.
            "ALTER TABLE items ADD COLUMN assignee_count INTEGER",
        ]),
    ]

    /// Any number the replicas of one install agree on; it names the migration lock among PostgreSQL's advisory locks.
    static let advisoryLockKey = 0x756e_6875_7272  // "unhurr"

    /// Brings the database to the newest schema. Replicas that start together queue on an advisory lock held for
    /// the transaction, so one migrates and the others find the work done; a failure rolls everything back.
    static func migrate(_ connection: PostgresConnection, schema: String?, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(advisoryLockKey))", logger: logger)
            if let schema {
                try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger)
            }
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at_ms BIGINT NOT NULL)",
                logger: logger)
            var current = 0
            for try await version in try await connection.query(
                "SELECT coalesce(max(version), 0) FROM schema_migrations", logger: logger).decode(Int.self) {
                current = version
            }
            let newest = all.last?.version ?? 0
            guard current <= newest else { throw StoreError.schemaNewerThanRelease(found: current, known: newest) }
            for migration in all where migration.version > current {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, applied_at_ms) VALUES (\(migration.version), \(Date().milliseconds))",
                    logger: logger)
                logger.info("Migrated database schema", metadata: ["version": "\(migration.version)"])
            }
        }
    }
}
