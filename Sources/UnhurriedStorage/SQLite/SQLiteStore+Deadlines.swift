import Foundation
import UnhurriedCore

extension SQLiteStore {
    public func moveDeadlines(_ moves: DeadlineMoves) async throws -> Bool {
        let people = [moves.away.map { ($0.user, $0.workspace) }, moves.learnedZone.map { ($0.profile.user, $0.workspace) }]
        return try await writePeople(people.compactMap { $0 }) { database in
            // The writer holds the database's write lock: checked first, the batch is written whole or not at all.
            let ids = moves.changes.map { SQLiteData.integer(Int($0.item.id.rawValue)) }
            if !ids.isEmpty {
                let versions = try database.query(
                    "SELECT id, version FROM items WHERE id IN (\(Self.placeholders(ids.count)))", ids)
                guard try StoredRows.versionsMatch(versions, moves) else { return false }
            }
            let keys = moves.notices.map { SQLiteData.text($0.idempotencyKey.rawValue) }
            if !keys.isEmpty {
                let queued = try database.query(
                    "SELECT 1 FROM outbox WHERE idempotency_key IN (\(Self.placeholders(keys.count))) LIMIT 1", keys)
                if !queued.isEmpty { return true }
            }
            if let away = moves.away { try Self.addAway(away.range, for: away.user, in: away.workspace, on: database) }
            if let learned = moves.learnedZone {
                try Self.saveProfileZones([learned.profile], checkedAt: learned.checkedAt, in: learned.workspace, on: database)
            }
            for change in moves.changes {
                guard try Self.update(change.item, recording: change.event, on: database) else { return false }
            }
            try Self.enqueue(moves.notices, on: database)
            return true
        }
    }

    public func peopleWithOpenAssignments() async throws -> [WorkspaceRef: [ChatUserID]] {
        let rows = try await readInBackground(
            """
            SELECT DISTINCT items.platform, items.workspace_id, assignments.assignee_id
            FROM assignments JOIN items ON items.id = assignments.item_id
            WHERE assignments.status = 'open' AND items.status = 'open' AND items.kind = 'ask'
            ORDER BY 1, 2, 3
            """, [])
        return try StoredRows.people(rows)
    }

    public func peoplePlannedInTeamZone(among users: [ChatUserID], in workspace: WorkspaceRef) async throws -> Set<ChatUserID> {
        guard !users.isEmpty else { return [] }
        let rows = try await readInBackground(
            """
            SELECT DISTINCT assignments.assignee_id FROM assignments JOIN items ON items.id = assignments.item_id
            WHERE assignments.assignee_id IN (\(Self.placeholders(users.count)))
              AND assignments.planned_in_team_zone = 1 AND assignments.status = 'open' AND items.status = 'open'
              AND items.platform = ? AND items.workspace_id = ?
            """, users.map { .text($0.rawValue) } + [.text(workspace.platform), .text(workspace.workspaceID)])
        return Set(try rows.map { ChatUserID(try $0.requireText("assignee_id")) })
    }
}
