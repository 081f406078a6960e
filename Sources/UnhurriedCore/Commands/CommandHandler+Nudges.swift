import Foundation

extension CommandHandler {
    /// `/hours nudges daily|each`. The person's open asks are planned again from now under their new choice, in the same
    /// write: switching to daily stops their per-ask reminders at once, and switching back brings back those still ahead.
    /// Reminders and nudges that fell before the switch are not sent late.
    func saveNudges(of user: ChatUserID, _ settings: PersonalSettings, in workspace: WorkspaceRef, policy: ResponsePolicy, now: Date) async throws {
        guard let mode = settings.nudges else { return }
        let planner = FollowUpPlanner(policy: policy)
        let replans = try await store.openItems(assignedTo: user, in: workspace).compactMap { item -> FollowUpReplan? in
            guard item.kind == .ask, let assignment = item.assignment(of: user), assignment.isAwaitingResponse else { return nil }
            let hours = policy.workingHours(for: user, inChannel: item.channel.channelID, personal: settings)
            return FollowUpReplan(
                itemID: item.id, itemVersion: item.version, assignee: user, plannedAt: now,
                nextFollowUpAt: planner.nextFollowUp(for: item, assignment: assignment, hours: hours, ownNudges: mode, after: now))
        }
        try await store.saveNudges(mode, of: user, in: workspace, replanning: replans)
    }
}
