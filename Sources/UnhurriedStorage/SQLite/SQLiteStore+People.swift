import Foundation
import UnhurriedCore

extension SQLiteStore {
    /// Runs for every ask: people read in the last 30 seconds come from `peopleSettings`, the others from one visit to
    /// the reader for both tables.
    public func settings(of users: [ChatUserID], in workspace: WorkspaceRef) async throws -> [ChatUserID: PersonalSettings] {
        let (known, unknown, generation) = peopleSettings.lookUp(users, in: workspace)
        guard !unknown.isEmpty else { return known }
        var seen = Set<ChatUserID>()
        let asked = unknown.filter { seen.insert($0).inserted }
        let people = asked.map { [SQLiteData.text(workspace.platform), .text(workspace.workspaceID), .text($0.rawValue)] }
        // Each person looked up by key with a kept statement, their settings and their time away in one: with an `IN`
        // list of people and the union ordered as one, SQLite built a temporary table for each list and sorted, which
        // cost more than the lookups on every ask. Time away comes in index order; `StoredRows` puts it in day order.
        let rows = try await readTogether { database in
            var rows: [SQLiteRow] = []
            for person in people {
                rows += try database.query(
                    """
                    SELECT user_id, time_zone, days, from_minute, to_minute, blocks, week, focus, directory_time_zone, directory_checked_at_ms,
                           NULL AS first_day, NULL AS last_day, nudges
                    FROM people WHERE platform = ? AND workspace_id = ? AND user_id = ?
                    UNION ALL
                    SELECT user_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, first_day, last_day, NULL
                    FROM time_away WHERE platform = ? AND workspace_id = ? AND user_id = ?
                    """, person + person)
            }
            return rows
        }
        let read = try StoredRows.settings(rows)
        peopleSettings.remember(read, of: asked, in: workspace, generation: generation)
        return known.merging(read) { _, read in read }
    }

    public func saveHours(_ settings: PersonalSettings, of user: ChatUserID, in workspace: WorkspaceRef) async throws {
        let stored = StoredHours(settings)
        let columns = [settings.timeZoneName, stored.days, stored.blocks, stored.week, stored.focus].map { $0.map(SQLiteData.text) ?? .null }
        try await writePeople([(user, workspace)]) { database in
            _ = try database.query(
                """
                INSERT INTO people (platform, workspace_id, user_id, time_zone, days, blocks, week, focus)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (platform, workspace_id, user_id) DO UPDATE SET
                    time_zone = excluded.time_zone, days = excluded.days, from_minute = NULL, to_minute = NULL,
                    blocks = excluded.blocks, week = excluded.week, focus = excluded.focus
                """,
                [.text(workspace.platform), .text(workspace.workspaceID), .text(user.rawValue)] + columns)
        }
    }

    public func saveProfileZones(_ profiles: [ProfileZone], checkedAt: Date, in workspace: WorkspaceRef) async throws {
        guard !profiles.isEmpty else { return }
        try await writePeople(profiles.map { ($0.user, workspace) }) { database in
            try Self.saveProfileZones(profiles, checkedAt: checkedAt, in: workspace, on: database)
        }
    }

    /// `saveProfileZones` inside a transaction already open on `database`.
    static func saveProfileZones(
        _ profiles: [ProfileZone], checkedAt: Date, in workspace: WorkspaceRef, on database: SQLiteDatabase
    ) throws {
        for profile in profiles {
            _ = try database.query(
                """
                INSERT INTO people (platform, workspace_id, user_id, directory_time_zone, directory_checked_at_ms)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (platform, workspace_id, user_id) DO UPDATE SET
                    directory_time_zone = excluded.directory_time_zone, directory_checked_at_ms = excluded.directory_checked_at_ms
                """,
                [.text(workspace.platform), .text(workspace.workspaceID), .text(profile.user.rawValue),
                 profile.zone.map { .text($0) } ?? .null, .integer(checkedAt.milliseconds)])
        }
    }

    public func addAway(_ range: DateRange, for user: ChatUserID, in workspace: WorkspaceRef) async throws {
        try await writePeople([(user, workspace)]) { database in try Self.addAway(range, for: user, in: workspace, on: database) }
    }

    /// `addAway` inside a transaction already open on `database`.
    static func addAway(_ range: DateRange, for user: ChatUserID, in workspace: WorkspaceRef, on database: SQLiteDatabase) throws {
        _ = try database.query(
            "INSERT INTO time_away (platform, workspace_id, user_id, first_day, last_day) VALUES (?, ?, ?, ?, ?)",
            [.text(workspace.platform), .text(workspace.workspaceID), .text(user.rawValue),
             .text(range.first.description), .text(range.last.description)])
    }

    public func clearAway(for user: ChatUserID, in workspace: WorkspaceRef) async throws {
        try await writePeople([(user, workspace)]) { database in
            _ = try database.query(
                "DELETE FROM time_away WHERE platform = ? AND workspace_id = ? AND user_id = ?",
                [.text(workspace.platform), .text(workspace.workspaceID), .text(user.rawValue)])
        }
    }
}
