import Foundation
import PostgresNIO
import Testing
import UnhurriedCore
@testable import UnhurriedStorage

/// A PostgreSQL database written by the previous release is brought forward with what its rows mean kept.
@Suite(.timeLimit(.minutes(1)), .enabled(if: TestDatabase.postgresURL != nil)) struct PostgresUpgradeTests {
    /// A claim reads an item's other assignments only if the item may have some: asks stored before items counted
    /// their assignees (or by an older replica while replicas are rolled) have no count, and are claimed whole.
    @Test func asksStoredBeforeItemsCountedTheirAssigneesAreClaimedWhole() async throws {
        let monday = Date(timeIntervalSince1970: 1_795_420_800)
        let due = monday.addingTimeInterval(3600)
        func ask(_ request: String, assignees: [String]) -> NewItem {
            NewItem(
                kind: .ask, channel: ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1"), author: ChatUserID("U0ALICE"),
                request: request, links: [], tierName: "standard", createdAt: monday,
                assignments: assignees.enumerated().map { index, assignee in
                    // Only the first is due, so the others are read only as the item's other assignments.
                    Assignment(assignee: ChatUserID(assignee), dueAt: monday.addingTimeInterval(7200),
                               nextFollowUpAt: due.addingTimeInterval(index == 0 ? 0 : 86_400))
                })
        }
        try await withTestStore(.postgres) { store, database in
            let store = try #require(store as? PostgresStore)
            _ = try await store.create(ask("shared", assignees: ["U0BOB", "U0CAROL", "U0DAN"]))
            _ = try await store.create(ask("single", assignees: ["U0ERIN"]))
            // As schema 19 stored them.
            _ = try await store.rows("ALTER TABLE items DROP COLUMN assignee_count")
            _ = try await store.rows("DELETE FROM schema_migrations WHERE version = 20")

            // This release starting on that database migrates it, as a replacing replica does.
            let upgraded = try await database.open()
            let claimed = try await upgraded.claimDueAssignments(at: due, limit: 10, leaseUntil: due.addingTimeInterval(60))
            try await upgraded.close()
            #expect(claimed.map(\.assignee) == [ChatUserID("U0BOB"), ChatUserID("U0ERIN")])
            #expect(claimed.map { $0.item.assignments.map(\.assignee.rawValue) } == [["U0BOB", "U0CAROL", "U0DAN"], ["U0ERIN"]])
        }
    }
}
