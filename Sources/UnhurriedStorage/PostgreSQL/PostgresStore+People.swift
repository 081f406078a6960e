import Foundation
import PostgresNIO
import UnhurriedCore

extension PostgresStore {
    /// One round trip for both tables: this runs for every ask.
    public func settings(of users: [ChatUserID], in workspace: WorkspaceRef) async throws -> [ChatUserID: PersonalSettings] {
        guard !users.isEmpty else { return [:] }
        let ids = users.map(\.rawValue)
        return try await StoredRows.settings(rows(PeopleSettingsRead(of: ids, in: workspace)))
    }

    public func saveHours(_ settings: PersonalSettings, of user: ChatUserID, in workspace: WorkspaceRef) async throws {
        let stored = StoredHours(settings)
        _ = try await rows("""
            INSERT INTO people (platform, workspace_id, user_id, time_zone, days, blocks, week, focus)
            VALUES (\(workspace.platform), \(workspace.workspaceID), \(user.rawValue), \(settings.timeZoneName), \(stored.days),
                    \(stored.blocks), \(stored.week), \(stored.focus))
            ON CONFLICT (platform, workspace_id, user_id) DO UPDATE SET
                time_zone = excluded.time_zone, days = excluded.days, from_minute = NULL, to_minute = NULL,
                blocks = excluded.blocks, week = excluded.week, focus = excluded.focus
            """)
    }

    public func saveProfileZones(_ profiles: [ProfileZone], checkedAt: Date, in workspace: WorkspaceRef) async throws {
        guard !profiles.isEmpty else { return }
        try await Self.saveProfileZones(profiles, checkedAt: checkedAt, in: workspace, rows: .pool(of: self))
    }

    /// `saveProfileZones` with `rows` running the queries, inside a transaction or not.
    static func saveProfileZones(
        _ profiles: [ProfileZone], checkedAt: Date, in workspace: WorkspaceRef,
        rows: PostgresStatements
    ) async throws {
        for profile in profiles {
            _ = try await rows("""
                INSERT INTO people (platform, workspace_id, user_id, directory_time_zone, directory_checked_at_ms)
                VALUES (\(workspace.platform), \(workspace.workspaceID), \(profile.user.rawValue), \(profile.zone), \(checkedAt.milliseconds))
                ON CONFLICT (platform, workspace_id, user_id) DO UPDATE SET
                    directory_time_zone = excluded.directory_time_zone, directory_checked_at_ms = excluded.directory_checked_at_ms
                """)
        }
    }

    public func addAway(_ range: DateRange, for user: ChatUserID, in workspace: WorkspaceRef) async throws {
        try await Self.addAway(range, for: user, in: workspace, rows: .pool(of: self))
    }

    /// `addAway` with `rows` running the query, inside a transaction or not.
    static func addAway(
        _ range: DateRange, for user: ChatUserID, in workspace: WorkspaceRef, rows: PostgresStatements
    ) async throws {
        _ = try await rows("""
            INSERT INTO time_away (platform, workspace_id, user_id, first_day, last_day)
            VALUES (\(workspace.platform), \(workspace.workspaceID), \(user.rawValue), \(range.first.description), \(range.last.description))
            """)
    }

    public func clearAway(for user: ChatUserID, in workspace: WorkspaceRef) async throws {
        _ = try await rows(
            "DELETE FROM time_away WHERE platform = \(workspace.platform) AND workspace_id = \(workspace.workspaceID) AND user_id = \(user.rawValue)")
    }
}

/// People's settings and time away, in one read: every ask reads its assignees'.
struct PeopleSettingsRead: PreparedStoreStatement {
    static let sql = """
        SELECT user_id, time_zone, days, from_minute, to_minute, blocks, week, focus, directory_time_zone, directory_checked_at_ms,
               NULL AS first_day, NULL AS last_day, nudges
        FROM people WHERE platform = $1 AND workspace_id = $2 AND user_id = ANY($3)
        UNION ALL
        SELECT user_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, first_day, last_day, NULL
        FROM time_away WHERE platform = $1 AND workspace_id = $2 AND user_id = ANY($3)
        ORDER BY first_day
        """
    let bindings: PostgresBindings

    init(of users: [String], in workspace: WorkspaceRef) {
        var bindings = PostgresBindings()
        bindings.append(workspace.platform)
        bindings.append(workspace.workspaceID)
        bindings.append(users)
        self.bindings = bindings
    }
}
