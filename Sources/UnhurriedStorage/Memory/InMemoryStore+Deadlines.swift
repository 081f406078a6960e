import Foundation
import UnhurriedCore

extension InMemoryStore {
    public func moveDeadlines(_ moves: DeadlineMoves) async throws -> Bool {
        try transaction { database in
            // Checked first, so the batch is written whole or not at all.
            guard moves.changes.allSatisfy({ database.stored($0.item.id)?.item.version == $0.item.version }) else { return false }
            if moves.notices.contains(where: { database.postIDs[$0.idempotencyKey] != nil }) { return true }
            if let away = moves.away {
                database.timeAway.append((InMemoryDatabase.Person(workspace: away.workspace, user: away.user), away.range))
            }
            if let learned = moves.learnedZone {
                database.rememberProfiles([learned.profile], checkedAt: learned.checkedAt, in: learned.workspace)
            }
            for change in moves.changes { _ = database.update(change.item, recording: change.event) }
            database.enqueue(moves.notices)
            return true
        }
    }

    public func peopleWithOpenAssignments() async throws -> [WorkspaceRef: [ChatUserID]] {
        try transaction { database in
            var people: [WorkspaceRef: Set<ChatUserID>] = [:]
            for stored in database.items where stored.item.kind == .ask && stored.item.status == .open {
                for assignment in stored.item.assignments where assignment.status == .open {
                    people[stored.item.channel.workspace, default: []].insert(assignment.assignee)
                }
            }
            return people.mapValues { $0.sorted { $0.rawValue < $1.rawValue } }
        }
    }

    public func peoplePlannedInTeamZone(among users: [ChatUserID], in workspace: WorkspaceRef) async throws -> Set<ChatUserID> {
        let asked = Set(users)
        return try transaction { database in
            var marked: Set<ChatUserID> = []
            for stored in database.items where stored.item.status == .open && stored.item.channel.workspace == workspace {
                for assignment in stored.item.assignments
                where assignment.status == .open && assignment.plannedInTeamZone && asked.contains(assignment.assignee) {
                    marked.insert(assignment.assignee)
                }
            }
            return marked
        }
    }
}
