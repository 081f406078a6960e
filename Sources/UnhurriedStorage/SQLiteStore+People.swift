import SQLiteNIO
import UnhurriedCore

extension SQLiteStore {
    public func settings(of users: [ChatUserID], in workspace: WorkspaceRef) async throws -> [ChatUserID: PersonalSettings] {
        guard !users.isEmpty else { return [:] }
        let scope: [SQLiteData] = [.text(workspace.platform), .text(workspace.workspaceID)]
        let ids = users.map { SQLiteData.text($0.rawValue) }
        let placeholders = Array(repeating: "?", count: users.count).joined(separator: ", ")
        var settings: [ChatUserID: PersonalSettings] = [:]
        for row in try await read(
            "SELECT * FROM people WHERE platform = ? AND workspace_id = ? AND user_id IN (\(placeholders))", scope + ids
        ) {
            let user = ChatUserID(try row.requireText("user_id"))
            settings[user] = PersonalSettings(
                timeZoneName: row.column("time_zone")?.string,
                days: row.column("days")?.string.map { Set($0.split(separator: ",").compactMap { Weekday(shortName: String($0)) }) },
                from: row.column("from_minute")?.integer.flatMap { TimeOfDay(hour: $0 / 60, minute: $0 % 60) },
                to: row.column("to_minute")?.integer.flatMap { TimeOfDay(hour: $0 / 60, minute: $0 % 60) })
        }
        for row in try await read(
            "SELECT * FROM time_away WHERE platform = ? AND workspace_id = ? AND user_id IN (\(placeholders)) ORDER BY first_day",
            scope + ids
        ) {
            guard let first = LocalDate(parsing: try row.requireText("first_day")),
                  let last = LocalDate(parsing: try row.requireText("last_day")),
                  let range = DateRange(first: first, last: last) else { continue }
            settings[ChatUserID(try row.requireText("user_id")), default: PersonalSettings()].away.append(range)
        }
        return settings
    }

    public func saveHours(_ settings: PersonalSettings, of user: ChatUserID, in workspace: WorkspaceRef) async throws {
        let days: SQLiteData = settings.days.map { .text($0.sorted().map(\.shortName).joined(separator: ",")) } ?? .null
        try await write { connection in
            _ = try await connection.query(
                """
                INSERT INTO people (platform, workspace_id, user_id, time_zone, days, from_minute, to_minute)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (platform, workspace_id, user_id) DO UPDATE SET
                    time_zone = excluded.time_zone, days = excluded.days,
                    from_minute = excluded.from_minute, to_minute = excluded.to_minute
                """,
                [.text(workspace.platform), .text(workspace.workspaceID), .text(user.rawValue),
                 settings.timeZoneName.map { .text($0) } ?? .null, days,
                 settings.from.map { .integer($0.minutesAfterMidnight) } ?? .null,
                 settings.to.map { .integer($0.minutesAfterMidnight) } ?? .null])
        }
    }

    public func addAway(_ range: DateRange, for user: ChatUserID, in workspace: WorkspaceRef) async throws {
        try await write { connection in
            _ = try await connection.query(
                "INSERT INTO time_away (platform, workspace_id, user_id, first_day, last_day) VALUES (?, ?, ?, ?, ?)",
                [.text(workspace.platform), .text(workspace.workspaceID), .text(user.rawValue),
                 .text(range.first.description), .text(range.last.description)])
        }
    }

    public func clearAway(for user: ChatUserID, in workspace: WorkspaceRef) async throws {
        try await write { connection in
            _ = try await connection.query(
                "DELETE FROM time_away WHERE platform = ? AND workspace_id = ? AND user_id = ?",
                [.text(workspace.platform), .text(workspace.workspaceID), .text(user.rawValue)])
        }
    }
}
