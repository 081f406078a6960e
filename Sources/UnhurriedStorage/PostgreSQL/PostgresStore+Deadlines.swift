import Foundation
import PostgresNIO
import UnhurriedCore

extension PostgresStore {
    public func moveDeadlines(_ moves: DeadlineMoves) async throws -> Bool {
        try await transaction { rows in
            // Every item is locked and checked before anything is written, so the batch is written whole or not at all.
            // Two replicas applying the same reload: the second waits on the first's locks, finds the items moved on,
            // and on its next look finds the notices queued.
            let ids = moves.changes.map { Int($0.item.id.rawValue) }
            let versions = try await rows("SELECT id, version FROM items WHERE id = ANY(\(ids)) ORDER BY id FOR UPDATE")
            guard try StoredRows.versionsMatch(versions, moves) else { return false }
            let keys = moves.notices.map(\.idempotencyKey.rawValue)
            if !keys.isEmpty, try await !rows("SELECT 1 FROM outbox WHERE idempotency_key = ANY(\(keys)) LIMIT 1").isEmpty { return true }
            if let away = moves.away { try await Self.addAway(away.range, for: away.user, in: away.workspace, rows: rows) }
            if let learned = moves.learnedZone {
                try await Self.saveProfileZones([learned.profile], checkedAt: learned.checkedAt, in: learned.workspace, rows: rows)
            }
            for change in moves.changes {
                guard try await Self.update(change.item, recording: change.event, rows: rows) else { return false }
            }
            _ = try await Self.enqueue(moves.notices, with: rows)
            return true
        }
    }

    public func peopleWithOpenAssignments() async throws -> [WorkspaceRef: [ChatUserID]] {
        try StoredRows.people(try await rows("""
            SELECT DISTINCT items.platform, items.workspace_id, assignments.assignee_id
            FROM assignments JOIN items ON items.id = assignments.item_id
            WHERE assignments.status = 'open' AND items.status = 'open' AND items.kind = 'ask'
            ORDER BY 1, 2, 3
            """))
    }

    public func peoplePlannedInTeamZone(among users: [ChatUserID], in workspace: WorkspaceRef) async throws -> Set<ChatUserID> {
        guard !users.isEmpty else { return [] }
        return Set(try await rows("""
            SELECT DISTINCT assignments.assignee_id FROM assignments JOIN items ON items.id = assignments.item_id
            WHERE assignments.assignee_id = ANY(\(users.map(\.rawValue))) AND assignments.planned_in_team_zone
              AND assignments.status = 'open' AND items.status = 'open'
              AND items.platform = \(workspace.platform) AND items.workspace_id = \(workspace.workspaceID)
            """).map { ChatUserID(try $0.requireText("assignee_id")) })
    }
}
