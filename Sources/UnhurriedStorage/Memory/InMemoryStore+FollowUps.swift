import Foundation
import UnhurriedCore

/// The scheduler's view: each open assignment's next follow-up instant, and the claims workers hold on them.
extension InMemoryStore {
    public func claimDueAssignments(at now: Date, limit: Int, leaseUntil: Date) async throws -> [DueAssignment] {
        let (now, leaseUntil) = (now.storedInstant, leaseUntil.storedInstant)
        return try transaction { database in
            let due = database.items.indices.flatMap { index in
                let stored = database.items[index]
                return stored.item.assignments.compactMap { assignment -> (index: Int, assignee: ChatUserID, at: Date)? in
                    guard let at = assignment.nextFollowUpAt, at <= now,
                          stored.followUps[assignment.assignee]?.claimedUntil.map({ $0 <= now }) ?? true else { return nil }
                    return (index, assignment.assignee, at)
                }
            }
            .sorted { $0.at < $1.at }
            .prefix(max(0, limit))
            var claimed: [DueAssignment] = []
            for entry in due {
                database.items[entry.index].followUps[entry.assignee, default: .init()].claimedUntil = leaseUntil
                let stored = database.items[entry.index]
                claimed.append(DueAssignment(
                    item: stored.item, assignee: entry.assignee,
                    handledThrough: stored.followUps[entry.assignee]?.handledThrough ?? stored.item.createdAt, nextFollowUpAt: entry.at))
            }
            return claimed
        }
    }

    public func nextFollowUpAt() async throws -> Date? {
        try transaction { database in
            database.items.flatMap { stored in
                stored.item.assignments.compactMap { assignment in
                    assignment.nextFollowUpAt.map { max($0, stored.followUps[assignment.assignee]?.claimedUntil ?? .distantPast) }
                }
            }
            .min()
        }
    }

    public func record(_ records: [FollowUpRecord]) async throws -> Int {
        try transaction { database in
            var posts: [QueuedPost] = []
            for record in records {
                // Conditional on what the scheduler read: an answer, a snooze or another worker in between wins.
                guard let index = database.index(of: record.due.item.id),
                      let part = database.items[index].item.assignments.firstIndex(where: { $0.assignee == record.due.assignee }),
                      database.items[index].item.assignments[part].nextFollowUpAt == record.due.nextFollowUpAt.storedInstant else { continue }
                database.items[index].item.assignments[part].nextFollowUpAt = record.nextFollowUpAt?.storedInstant
                database.items[index].followUps[record.due.assignee] = .init(handledThrough: record.handledThrough.storedInstant, claimedUntil: nil)
                posts += record.posts
            }
            return database.enqueue(posts)
        }
    }
}
