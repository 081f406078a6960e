import Foundation
import PostgresNIO
import UnhurriedCore

extension PostgresStore {
    public func saveNudges(_ mode: NudgeMode, of user: ChatUserID, in workspace: WorkspaceRef, replanning replans: [FollowUpReplan]) async throws {
        let planned = try JSONRows.encode(replans.map {
            ReplannedFollowUpRow(
                itemId: Int($0.itemID.rawValue), itemVersion: $0.itemVersion, assigneeId: $0.assignee.rawValue,
                nextMs: $0.nextFollowUpAt?.milliseconds, plannedAtMs: $0.plannedAt.milliseconds)
        })
        try await transaction { rows in
            _ = try await rows("""
                INSERT INTO people (platform, workspace_id, user_id, nudges)
                VALUES (\(workspace.platform), \(workspace.workspaceID), \(user.rawValue), \(mode.rawValue))
                ON CONFLICT (platform, workspace_id, user_id) DO UPDATE SET nudges = excluded.nudges
                """)
            // Only items still at the version read: a change meanwhile (an answer, a snooze) planned its own follow-ups.
            _ = try await rows("""
                UPDATE assignments SET next_follow_up_at_ms = p.next_ms, follow_ups_handled_through_ms = p.planned_at_ms
                FROM jsonb_to_recordset(\(planned)::jsonb)
                    AS p(item_id bigint, item_version bigint, assignee_id text, next_ms bigint, planned_at_ms bigint),
                    items
                WHERE assignments.item_id = p.item_id AND assignments.assignee_id = p.assignee_id
                  AND items.id = p.item_id AND items.version = p.item_version
                """)
        }
    }
}
