/// The schema's history. Append new versions; never edit or remove a shipped one, so every existing database
/// can be brought forward without losing data.
enum SQLiteMigrations {
    static let all: [SchemaMigration] = [
        SchemaMigration(version: 1, statements: [
            """
            CREATE TABLE items (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL,
                platform TEXT NOT NULL,
                workspace_id TEXT NOT NULL,
                channel_id TEXT NOT NULL,
                author_id TEXT NOT NULL,
                request TEXT NOT NULL,
                links TEXT NOT NULL,
                tier TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL
            )
            """,
            "CREATE INDEX items_by_author ON items (platform, workspace_id, author_id, status)",
            """
            CREATE TABLE assignments (
                item_id INTEGER NOT NULL REFERENCES items (id),
                assignee_id TEXT NOT NULL,
                due_at_ms INTEGER NOT NULL,
                status TEXT NOT NULL,
                PRIMARY KEY (item_id, assignee_id)
            )
            """,
            "CREATE INDEX assignments_by_assignee ON assignments (assignee_id, status, due_at_ms)",
            """
            CREATE TABLE item_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                item_id INTEGER NOT NULL REFERENCES items (id),
                kind TEXT NOT NULL,
                actor_id TEXT NOT NULL,
                at_ms INTEGER NOT NULL
            )
            """,
            "CREATE INDEX item_events_by_item ON item_events (item_id, id)",
            """
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                idempotency_key TEXT NOT NULL UNIQUE,
                platform TEXT NOT NULL,
                workspace_id TEXT NOT NULL,
                channel_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                item_id INTEGER NOT NULL REFERENCES items (id),
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at_ms INTEGER NOT NULL,
                last_error TEXT,
                message_ref TEXT,
                created_at_ms INTEGER NOT NULL,
                sent_at_ms INTEGER
            )
            """,
            "CREATE INDEX outbox_due ON outbox (status, next_attempt_at_ms)",
        ]),
        SchemaMigration(version: 2, statements: [
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
                directory_checked_at_ms INTEGER,
                PRIMARY KEY (platform, workspace_id, user_id)
            )
            """,
            """
            CREATE TABLE time_away (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                platform TEXT NOT NULL,
                workspace_id TEXT NOT NULL,
                user_id TEXT NOT NULL,
                first_day TEXT NOT NULL,
                last_day TEXT NOT NULL
            )
            """,
            "CREATE INDEX time_away_by_person ON time_away (platform, workspace_id, user_id)",
        ]),
        SchemaMigration(version: 3, statements: [
            // Changes are made against the version they read, so two at once cannot undo each other.
            "ALTER TABLE items ADD COLUMN version INTEGER NOT NULL DEFAULT 0",
            // The scheduler's index: each open assignment carries the instant of its next follow-up.
            "ALTER TABLE assignments ADD COLUMN acknowledged_at_ms INTEGER",
            "ALTER TABLE assignments ADD COLUMN snoozed_until_ms INTEGER",
            "ALTER TABLE assignments ADD COLUMN next_follow_up_at_ms INTEGER",
            "ALTER TABLE assignments ADD COLUMN follow_ups_handled_through_ms INTEGER",
            // Asks from before follow-ups existed get those still ahead of them, not a burst of past ones.
            """
            UPDATE assignments
            SET next_follow_up_at_ms = CAST(strftime('%s', 'now') AS INTEGER) * 1000,
                follow_ups_handled_through_ms = CAST(strftime('%s', 'now') AS INTEGER) * 1000
            WHERE status = 'open'
            """,
            "CREATE INDEX assignments_by_next_follow_up ON assignments (next_follow_up_at_ms) WHERE next_follow_up_at_ms IS NOT NULL",
            // The outbox gains who a follow-up is about, replies in threads, the in-flight mark, and posts that
            // belong to no single item (digests, notices with their own body); SQLite changes a column's constraint
            // only by copying the table.
            """
            CREATE TABLE outbox_v3 (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                idempotency_key TEXT NOT NULL UNIQUE,
                platform TEXT NOT NULL,
                workspace_id TEXT NOT NULL,
                channel_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                item_id INTEGER REFERENCES items (id),
                subject_id TEXT,
                reply_in_thread INTEGER NOT NULL DEFAULT 0,
                thread_ref TEXT,
                body TEXT,
                private_to TEXT,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at_ms INTEGER NOT NULL,
                in_flight_since_ms INTEGER,
                last_error TEXT,
                message_ref TEXT,
                created_at_ms INTEGER NOT NULL,
                sent_at_ms INTEGER
            )
            """,
            """
            INSERT INTO outbox_v3 (id, idempotency_key, platform, workspace_id, channel_id, kind, item_id, status, attempts,
                                   next_attempt_at_ms, last_error, message_ref, created_at_ms, sent_at_ms)
            SELECT id, idempotency_key, platform, workspace_id, channel_id, kind, item_id, status, attempts,
                   next_attempt_at_ms, last_error, message_ref, created_at_ms, sent_at_ms FROM outbox
            """,
            "DROP TABLE outbox",
            "ALTER TABLE outbox_v3 RENAME TO outbox",
            "CREATE INDEX outbox_due ON outbox (status, next_attempt_at_ms)",
            // Replies and reactions name the message they are about; this finds its item.
            "CREATE INDEX outbox_by_message ON outbox (platform, workspace_id, channel_id, message_ref) WHERE message_ref IS NOT NULL",
            // Digests list a channel's open asks.
            "CREATE INDEX items_open_by_channel ON items (platform, workspace_id, channel_id) WHERE status = 'open'",
            """
            CREATE TABLE inbound_events (
                platform TEXT NOT NULL,
                event_id TEXT NOT NULL,
                received_at_ms INTEGER NOT NULL,
                PRIMARY KEY (platform, event_id)
            )
            """,
        ]),
        SchemaMigration(version: 4, statements: [
            // Claims: several workers (replicas on PostgreSQL; `serve` and `try` on one file) share due work.
            "ALTER TABLE outbox ADD COLUMN claimed_until_ms INTEGER",
            "ALTER TABLE assignments ADD COLUMN follow_up_claimed_until_ms INTEGER",
            // Pacing slots are honoured by whichever worker claims the post when its slot comes.
            "ALTER TABLE outbox ADD COLUMN paced_slot INTEGER NOT NULL DEFAULT 0",
        ]),
        SchemaMigration(version: 5, statements: [
            // Statistics and exports read the items asked since a date.
            "CREATE INDEX items_by_creation ON items (created_at_ms)",
            // The decision log: a decision may replace an earlier one, and its words are searched (FTS5, kept by a trigger).
            // Words match in any case but with their accents, as PostgreSQL's `simple` configuration does.
            "ALTER TABLE items ADD COLUMN supersedes_id INTEGER REFERENCES items (id)",
            "CREATE VIRTUAL TABLE decision_search USING fts5 (request, tokenize = 'unicode61 remove_diacritics 0')",
            "CREATE INDEX decisions_by_channel ON items (platform, workspace_id, channel_id, id) WHERE kind = 'decision'",
            """
            CREATE TRIGGER decisions_are_searchable AFTER INSERT ON items WHEN new.kind = 'decision'
            BEGIN INSERT INTO decision_search (rowid, request) VALUES (new.id, new.request); END
            """,
        ]),
        SchemaMigration(version: 6, statements: [
            // Pre-reads: the meeting's title, when it starts and when the pre-read goes out; listed by channel and meeting.
            "ALTER TABLE items ADD COLUMN meeting_title TEXT",
            "ALTER TABLE items ADD COLUMN meeting_at_ms INTEGER",
            "ALTER TABLE items ADD COLUMN post_at_ms INTEGER",
            "CREATE INDEX prereads_by_channel ON items (platform, workspace_id, channel_id, meeting_at_ms) WHERE kind = 'preread'",
            // Standups: each person's answers to a round, kept until (and after) its digest.
            """
            CREATE TABLE standup_answers (
                standup_key TEXT NOT NULL,
                round_date TEXT NOT NULL,
                user_id TEXT NOT NULL,
                message_ref TEXT NOT NULL,
                answer TEXT NOT NULL,
                answered_at_ms INTEGER NOT NULL,
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
            "ALTER TABLE assignments ADD COLUMN first_call_at_ms INTEGER",
        ]),
        SchemaMigration(version: 9, statements: [
            // Split and per-day hours (`mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00`) and focus time, as
            // `WeeklySchedule` writes them; `blocks` replaces from_minute/to_minute, which older rows still hold.
            "ALTER TABLE people ADD COLUMN blocks TEXT",
            "ALTER TABLE people ADD COLUMN week TEXT",
            "ALTER TABLE people ADD COLUMN focus TEXT",
        ]),
        SchemaMigration(version: 10, statements: [
            // How each person chose to be reminded: `each` or `daily`; NULL follows each ask's tier. A daily nudge needs no
            // table of its own: its outbox key names the person and their day, so it is queued once per day.
            "ALTER TABLE people ADD COLUMN nudges TEXT",
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
                updated_at_ms INTEGER NOT NULL,
                PRIMARY KEY (platform, key)
            )
            """,
        ]),
        SchemaMigration(version: 13, statements: [
            // 1 when the deadline was counted in the team's zone because the assignee's profile did not answer in time:
            // it is planned again in their own zone when the answer comes.
            "ALTER TABLE assignments ADD COLUMN planned_in_team_zone INTEGER NOT NULL DEFAULT 0",
        ]),
        SchemaMigration(version: 14, statements: [
            // The admin page's sessions: kept here so that every replica knows them and a restart ends none; the
            // cookie holds only the random id.
            """
            CREATE TABLE admin_sessions (
                id TEXT PRIMARY KEY,
                csrf TEXT NOT NULL,
                expires_at_ms INTEGER NOT NULL
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
            // The lookups that read these now read the due indexes up to the earliest unclaimed instant; every claim
            // and every release wrote to them.
            "DROP INDEX outbox_claimed",
            "DROP INDEX assignments_follow_up_claimed",
        ]),
        SchemaMigration(version: 17, statements: [
            // Every ask reads each asked person's time away in day order: ordered by the index, and answered from it
            // alone, SQLite no longer sorts in a temporary b-tree for each person (most of an ask's settings read).
            "DROP INDEX time_away_by_person",
            "CREATE INDEX time_away_by_person ON time_away (platform, workspace_id, user_id, first_day, last_day)",
        ]),
        SchemaMigration(version: 18, statements: [
            // What a reply under an item's post said, kept in its history as the answer.
            "ALTER TABLE item_events ADD COLUMN text TEXT",
        ]),
        SchemaMigration(version: 19, statements: [
            // Asks and pre-reads are searched by their words and by the replies kept with them: a row per text (`reply`
            // 0 for the item's own, 1 for a reply's). Unlike the decision log's, these rows are not kept by triggers:
            // indexing a text as its ask is stored tripled what SQLite did for the ask. A search first indexes what
            // was stored since the last one, through the ids the progress row names.
            "CREATE VIRTUAL TABLE ask_search USING fts5 (item_id UNINDEXED, reply UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 0')",
            "CREATE TABLE ask_search_progress (items_through INTEGER NOT NULL, events_through INTEGER NOT NULL)",
            "INSERT INTO ask_search_progress (items_through, events_through) VALUES (0, 0)",
        ]),
        SchemaMigration(version: 20, statements: [
            // When an assignee asked the author for more; cleared by the author's answer in the item's thread.
            "ALTER TABLE assignments ADD COLUMN info_requested_at_ms INTEGER",
        ]),
    ]
}
