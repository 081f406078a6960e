import Foundation
import PostgresNIO
import Testing
import UnhurriedCore
@testable import UnhurriedStorage

/// The ask path's prepared statements recover from a failure to prepare them, which PostgresNIO would otherwise give
/// back for every later run on that connection.
@Suite(.timeLimit(.minutes(1)), .enabled(if: TestDatabase.postgresURL != nil)) struct PostgresPreparedStatementTests {
    @Test func aStatementThatFailedToPrepareRunsOnceTheCauseIsGone() async throws {
        try await withTestStore(.postgres) { store, _ in
            let store = try #require(store as? PostgresStore)
            let workspace = WorkspaceRef(platform: "slack", workspaceID: "T0PREPARE")
            let alice = ChatUserID("U0ALICE")
            try await store.saveHours(PersonalSettings(timeZoneName: "Asia/Kolkata"), of: alice, in: workspace)
            // A column the read names is missing (as in a migration's window): preparing the read fails.
            _ = try await store.rows("ALTER TABLE people RENAME COLUMN nudges TO nudges_meanwhile")
            await #expect(throws: (any Error).self) { try await store.settings(of: [alice], in: workspace) }
            _ = try await store.rows("ALTER TABLE people RENAME COLUMN nudges_meanwhile TO nudges")
            for _ in 1...3 {
                #expect(try await store.settings(of: [alice], in: workspace)[alice]?.timeZoneName == "Asia/Kolkata")
            }
        }
    }

    @Test func anItemInsertThatFailedToPrepareInATransactionRunsOnceTheCauseIsGone() async throws {
        try await withTestStore(.postgres) { store, _ in
            let store = try #require(store as? PostgresStore)
            func tracked(_ message: String) -> NewItem {
                let createdAt = Date(timeIntervalSince1970: 1_795_420_800)
                return NewItem(
                    kind: .ask, channel: ChatChannel(platform: "slack", workspaceID: "T0PREPARE", channelID: "C1"),
                    author: ChatUserID("U0ALICE"), request: "review the plan", links: [], tierName: "standard", createdAt: createdAt,
                    assignments: [Assignment(assignee: ChatUserID("U0BOB"), dueAt: createdAt.addingTimeInterval(86_400))],
                    origin: ItemOrigin(messageRef: message, threadRef: message))
            }
            _ = try await store.rows("ALTER TABLE items RENAME COLUMN origin_thread_ref TO origin_thread_meanwhile")
            let failure = await #expect(throws: StoreError.self) { try await store.createOnce(tracked("1795420000.000001")) }
            // What the server said, not PostgresNIO's transaction wrapper with the statement and its values.
            #expect(failure?.description == #"PostgreSQL: column "origin_thread_ref" of relation "items" does not exist (SQLSTATE 42703)"#)
            _ = try await store.rows("ALTER TABLE items RENAME COLUMN origin_thread_meanwhile TO origin_thread_ref")
            for message in ["1795420000.000002", "1795420000.000003", "1795420000.000004"] {
                #expect(try await store.createOnce(tracked(message)).created)
            }
        }
    }
}
