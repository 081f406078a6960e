import Foundation
import UnhurriedCore

extension SQLiteStore {
    public func saveNudges(_ mode: NudgeMode, of user: ChatUserID, in workspace: WorkspaceRef, replanning replans: [FollowUpReplan]) async throws {
        try await writePeople([(user, workspace)]) { database in
            _ = try database.query(
                """
                INSERT INTO people (platform, workspace_id, user_id, nudges) VALUES (?, ?, ?, ?)
                ON CONFLICT (platform, workspace_id, user_id) DO UPDATE SET nudges = excluded.nudges
                """,
                [.text(workspace.platform), .text(workspace.workspaceID), .text(user.rawValue), .text(mode.rawValue)])
            // Only items still at the version read: a change meanwhile (an answer, a snooze) planned its own follow-ups.
            for replan in replans {
                let id = Int(replan.itemID.rawValue)
                _ = try database.query(
                    """
                    UPDATE assignments SET next_follow_up_at_ms = ?, follow_ups_handled_through_ms = ?
                    WHERE item_id = ? AND assignee_id = ? AND (SELECT version FROM items WHERE id = ?) = ?
                    """,
                    [.optional(replan.nextFollowUpAt), .integer(replan.plannedAt.milliseconds), .integer(id), .text(replan.assignee.rawValue),
                     .integer(id), .integer(replan.itemVersion)])
            }
        }
    }
}
