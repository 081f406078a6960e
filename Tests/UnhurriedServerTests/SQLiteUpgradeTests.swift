import Foundation
import Testing
import UnhurriedCore
@testable import UnhurriedStorage

/// A database written by the previous release is brought forward with every row kept.
@Suite struct SQLiteUpgradeTests {
    @Test func upgradesASchemaVersionTwoDatabaseKeepingItsAsksAndPosts() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unhurried-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path

        let old = try SQLiteConnection.open(path: path)
        try await SQLiteMigrator(connection: old, logger: quietLogger, migrations: Array(SQLiteMigrations.all.prefix(2))).migrate()
        for statement in [
            """
            INSERT INTO items (id, kind, platform, workspace_id, channel_id, author_id, request, links, tier, status, created_at_ms)
            VALUES (1, 'ask', 'slack', 'T1', 'C1', 'U0ALICE', 'review the plan', '[]', 'standard', 'open', 1795420800000),
                   (2, 'ask', 'slack', 'T1', 'C1', 'U0ALICE', 'check the copy', '[]', 'standard', 'done', 1795420800000)
            """,
            """
            INSERT INTO assignments (item_id, assignee_id, due_at_ms, status)
            VALUES (1, 'U0BOB', 1795449600000, 'open'), (2, 'U0BOB', 1795449600000, 'done')
            """,
            "INSERT INTO item_events (item_id, kind, actor_id, at_ms) VALUES (1, 'created', 'U0ALICE', 1795420800000)",
            // More asks than one search indexes in a write.
            """
            WITH RECURSIVE number(n) AS (SELECT 3 UNION ALL SELECT n + 1 FROM number WHERE n < 2600)
            INSERT INTO items (id, kind, platform, workspace_id, channel_id, author_id, request, links, tier, status, created_at_ms)
            SELECT n, 'ask', 'slack', 'T1', 'C1', 'U0ALICE', 'ask number ' || n, '[]', 'standard', 'done', 1795420800000 FROM number
            """,
            """
            INSERT INTO outbox (id, idempotency_key, platform, workspace_id, channel_id, kind, item_id, status, attempts,
                                next_attempt_at_ms, message_ref, created_at_ms, sent_at_ms)
            VALUES (7, 'item:1:item_card', 'slack', 'T1', 'C1', 'item_card', 1, 'pending', 2, 1795420800000, NULL, 1795420800000, NULL),
                   (8, 'item:2:item_card', 'slack', 'T1', 'C1', 'item_card', 2, 'sent', 1, 1795420800000, '1.2', 1795420800000, 1795420801000)
            """,
        ] {
            _ = try await old.query(statement)
        }
        try await old.close()

        let store = try await SQLiteStore.open(path: path, logger: quietLogger)
        let workspace = WorkspaceRef(platform: "slack", workspaceID: "T1")
        let open = try #require(try await store.item(ItemID(1), in: workspace))
        #expect(open.request == "review the plan")
        // An open ask from before follow-ups existed gets those still ahead of it.
        #expect(open.assignments.first?.nextFollowUpAt != nil)
        #expect(try await store.item(ItemID(2), in: workspace)?.assignments.first?.nextFollowUpAt == nil)
        // Asks from before the search are found by it, however many.
        #expect(try await store.searchItems(matching: ["plan"], inChannels: ["C1"], of: workspace, limit: 5).map(\.id) == [ItemID(1)])
        #expect(try await store.searchItems(matching: ["2600"], inChannels: ["C1"], of: workspace, limit: 5).map(\.id) == [ItemID(2600)])
        let pending = try await store.posts(withStatus: .pending)
        #expect(pending.map(\.id) == [7])
        #expect(pending.first?.attempts == 2)
        #expect(pending.first?.kind == .itemCard)
        #expect(try await store.posts(withStatus: .sent).first?.messageRef == "1.2")
        #expect(try await store.itemID(postedAs: "1.2", in: open.channel) == ItemID(2))
        // New posts continue the numbering.
        try await store.queue([QueuedPost(
            idempotencyKey: IdempotencyKey(stored: "notice:test"), channel: open.channel, kind: .notice, itemID: nil, body: ChatMessage(fallbackText: "hi", blocks: []),
            dueAt: Date(timeIntervalSince1970: 1_795_420_800))])
        #expect(try await store.post(withKey: IdempotencyKey(stored: "notice:test"))?.id == 9)
        try await store.close()
    }
}
