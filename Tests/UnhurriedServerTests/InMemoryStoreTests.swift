import Foundation
import Testing
import UnhurriedCore
import UnhurriedStorage

/// What only the in-memory store has to say; the storage contract it shares is in `StoreTests`.
@Suite struct InMemoryStoreTests {
    private let ask = NewItem(
        kind: .ask, channel: ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1"), author: ChatUserID("U0ALICE"),
        request: "review the plan", links: [], tierName: "standard", createdAt: Date(timeIntervalSince1970: 1_795_420_800),
        assignments: [Assignment(assignee: ChatUserID("U0BOB"), dueAt: Date(timeIntervalSince1970: 1_795_453_200))])

    @Test func eachStoreIsADatabaseOfItsOwn() async throws {
        let (first, second) = (InMemoryStore(), InMemoryStore())
        let item = try await first.create(ask)
        #expect(try await second.item(item.id, in: ask.channel.workspace) == nil)
        #expect(try await second.create(ask).id == item.id)
    }

    @Test func aClosedStoreRefusesEveryCallAndClosesAgainQuietly() async throws {
        let store = InMemoryStore()
        let item = try await store.create(ask)
        try await store.close()
        await #expect(throws: InMemoryStore.Closed.self) { try await store.item(item.id, in: ask.channel.workspace) }
        await #expect(throws: InMemoryStore.Closed.self) { try await store.checkReachable() }
        try await store.close()
    }
}
