import Foundation
import UnhurriedCore

extension InMemoryStore {
    public func saveNudges(_ mode: NudgeMode, of user: ChatUserID, in workspace: WorkspaceRef, replanning replans: [FollowUpReplan]) async throws {
        try transaction { database in
            database.people[InMemoryDatabase.Person(workspace: workspace, user: user), default: PersonalSettings()].nudges = mode
            // Only items still at the version read: a change meanwhile (an answer, a snooze) planned its own follow-ups.
            for replan in replans {
                guard let index = database.index(of: replan.itemID), database.items[index].item.version == replan.itemVersion,
                      let part = database.items[index].item.assignments.firstIndex(where: { $0.assignee == replan.assignee }) else { continue }
                database.items[index].item.assignments[part].nextFollowUpAt = replan.nextFollowUpAt?.storedInstant
                database.items[index].followUps[replan.assignee, default: .init()].handledThrough = replan.plannedAt.storedInstant
            }
        }
    }
}
