import Foundation
import PostgresNIO
import UnhurriedCore

extension PostgresStore {
    public func saveNudges(_ mode: NudgeMode, of user: ChatUserID, in workspace: WorkspaceRef, replanning replans: [FollowUpReplan]) async throws {
        let planned = JSONRows.encode(replans) { replan, row in
            row.add("item_id", Int(replan.itemID.rawValue))
            row.add("item_version", replan.itemVersion)
            row.add("assignee_id", replan.assignee.rawValue)
            row.add("next_ms", replan.nextFollowUpAt?.milliseconds)
            row.add("planned_at_ms", replan.plannedAt.milliseconds)
        }
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
