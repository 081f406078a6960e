/// The schema's history. Append new versions; never edit or remove a shipped one, so every existing database
/// can be brought forward without losing data.
enum SQLiteMigrations {
    struct Migration {
        var version: Int
        var statements: [String]
    }

    static let all: [Migration] = [
        Migration(version: 1, statements: [
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
        Migration(version: 2, statements: [
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
    ]
}
