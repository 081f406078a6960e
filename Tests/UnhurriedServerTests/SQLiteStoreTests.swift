import Foundation
import Testing
import UnhurriedCore
import UnhurriedStorage

@Suite struct SQLiteStoreTests {
    private let channel = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")

    private func newAsk(_ number: Int, at date: Date = Date(timeIntervalSince1970: 1_795_420_800)) -> NewItem {
        NewItem(
            kind: .ask, channel: channel, author: ChatUserID("U0ALICE"), request: "request \(number)",
            links: [Link(url: "https://example.com/\(number)", label: "doc \(number)")], tierName: "standard", createdAt: date,
            assignments: [Assignment(assignee: ChatUserID("U0BOB"), dueAt: date.addingTimeInterval(Double(number)))])
    }

    @Test func concurrentWritesAreCommittedTogetherAndSurviveAReopen() async throws {
        let (store, directory) = try await makeTemporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ids = try await withThrowingTaskGroup(of: ItemID.self) { group in
            for number in 1...200 { group.addTask { try await store.create(newAsk(number)).id } }
            return try await group.reduce(into: Set<ItemID>()) { $0.insert($1) }
        }
        #expect(ids.count == 200)
        try await store.close()

        let reopened = try await SQLiteStore.open(path: directory.appendingPathComponent("test.sqlite").path, logger: quietLogger)
        let inbox = try await reopened.openItems(assignedTo: ChatUserID("U0BOB"), in: channel.workspace)
        #expect(inbox.count == 200)
        #expect(inbox.map(\.request) == (1...200).map { "request \($0)" })  // earliest deadline first
        #expect(inbox.first?.links == [Link(url: "https://example.com/1", label: "doc 1")])
        #expect(try await reopened.posts(withStatus: .pending).count == 200)
        try await reopened.close()
    }

    @Test func everyoneFinishingAtOnceClosesTheAskWithNoPartLost() async throws {
        let (store, directory) = try await makeTemporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        var ask = newAsk(1)
        let people = (1...8).map { ChatUserID("U0P\($0)") }
        ask.assignments = people.map { Assignment(assignee: $0, dueAt: ask.createdAt.addingTimeInterval(3600)) }
        let item = try await store.create(ask)
        let responses = ItemResponses(store: store, policy: LivePolicy(.builtIn))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for person in people {
                group.addTask { _ = try await responses.finish(item.id, by: person, in: item.channel.workspace, now: item.createdAt) }
            }
            try await group.waitForAll()
        }
        let finished = try #require(try await store.item(item.id, in: item.channel.workspace))
        #expect(finished.assignments.allSatisfy { $0.status == .done })
        #expect(finished.status == .done)
        #expect(finished.version == people.count)
        // Eight changes, one card update waiting: it renders whatever the item is when it is sent.
        #expect(try await store.posts(withStatus: .pending).filter { $0.kind == .cardUpdate }.count == 1)
        try await store.close()
    }

    @Test func reopeningAnUpToDateDatabaseKeepsItsData() async throws {
        let (store, directory) = try await makeTemporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let item = try await store.create(newAsk(1))
        try await store.close()
        for _ in 0..<2 {
            let reopened = try await SQLiteStore.open(path: directory.appendingPathComponent("test.sqlite").path, logger: quietLogger)
            #expect(try await reopened.item(item.id, in: channel.workspace)?.request == "request 1")
            try await reopened.close()
        }
    }

    @Test func updatesStatusAndKeepsItOutOfInbox() async throws {
        let (store, directory) = try await makeTemporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        var item = try await store.create(newAsk(1))
        item.assignments[0].status = .done
        item.status = .done
        #expect(try await store.update(item, recording: ItemEvent(kind: .done, actor: ChatUserID("U0BOB"), at: item.createdAt)))
        // A change made from the same, now stale, read is refused.
        #expect(try await store.update(item, recording: ItemEvent(kind: .cancelled, actor: ChatUserID("U0ALICE"), at: item.createdAt)) == false)
        #expect(try await store.item(item.id, in: channel.workspace)?.status == .done)
        #expect(try await store.openItems(assignedTo: ChatUserID("U0BOB"), in: channel.workspace).isEmpty)
        #expect(try await store.item(item.id, in: WorkspaceRef(platform: "slack", workspaceID: "OTHER")) == nil)
        try await store.close()
    }

    @Test func outboxRetriesAndParksPosts() async throws {
        let (store, directory) = try await makeTemporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let created = Date(timeIntervalSince1970: 1_795_420_800)
        _ = try await store.create(newAsk(1, at: created))
        let post = try #require(try await store.duePosts(at: created, platforms: ["slack"], limit: 10).first)
        #expect(try await store.duePosts(at: created, platforms: ["matrix"], limit: 10).isEmpty)
        try await store.markInFlight([post.id], at: created)
        // A 5xx may hide a delivered post: the next attempt looks for it first.
        try await store.markFailed(post.id, error: "HTTP 500", retryAt: created.addingTimeInterval(60), uncertain: true)
        #expect(try await store.posts(withStatus: .pending).first?.inFlightSince == created)
        #expect(try await store.duePosts(at: created.addingTimeInterval(59), platforms: ["slack"], limit: 10).isEmpty)
        #expect(try await store.nextPendingAttempt(platforms: ["slack"]) == created.addingTimeInterval(60))
        try await store.markFailed(post.id, error: "channel_not_found", retryAt: nil, uncertain: false)
        let dead = try await store.posts(withStatus: .dead)
        #expect(dead.map(\.attempts) == [2])
        #expect(dead.first?.inFlightSince == nil)
        #expect(dead.first?.lastError == "channel_not_found")
        #expect(try await store.nextPendingAttempt(platforms: ["slack"]) == nil)

        #expect(try await store.requeue(post.id, at: created.addingTimeInterval(120)))
        let requeued = try await store.posts(withStatus: .pending)
        #expect(requeued.map(\.attempts) == [0])
        #expect(requeued.first?.nextAttemptAt == created.addingTimeInterval(120))
        try await store.markSent(post.id, messageRef: "1.2", at: created)
        #expect(try await store.requeue(post.id, at: created) == false)  // a sent post is never sent again
        #expect(try await store.requeue(9999, at: created) == false)
        try await store.close()
    }
}
