import Foundation
import Synchronization
import Testing
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

/// The outbox keeps each channel to Slack's pace, in virtual time.
@Suite struct OutboxPacingTests {
    final class RecordingTransport: ChatTransport {
        let posts = Mutex<[(channel: String, key: String)]>([])

        func post(_ message: ChatMessage, to channel: ChatChannel, idempotencyKey: String) async throws(DeliveryFailure) -> String {
            posts.withLock { $0.append((channel.channelID, idempotencyKey)) }
            return "ts-\(idempotencyKey)"
        }
    }

    @Test func holdsBackABusyChannelWithoutDelayingOthers() async throws {
        let (store, directory) = try await makeTemporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ManualClock()
        for (index, channel) in ["C1", "C1", "C1", "C1", "C1", "C2"].enumerated() {
            _ = try await store.create(NewItem(
                kind: .ask, channel: ChatChannel(platform: "slack", workspaceID: "T1", channelID: channel),
                author: ChatUserID("U0ALICE"), request: "request \(index)", links: [], tierName: "standard",
                createdAt: clock.now, assignments: [Assignment(assignee: ChatUserID("U0BOB"), dueAt: clock.now)]))
        }
        let transport = RecordingTransport()
        let dispatcher = OutboxDispatcher(
            store: store, transports: ["slack": transport], clock: clock, throttle: ChannelThrottle(perSecond: 1, burst: 3),
            logger: quietLogger)

        let first = try await dispatcher.deliverDuePosts(batchSize: 2)
        #expect(first.attempted == 4)
        #expect(first.heldBack.map(\.channelID) == ["C1"])
        #expect(first.nextRelease == clock.now.addingTimeInterval(1))
        #expect(transport.posts.withLock { $0.map(\.channel) } == ["C1", "C1", "C1", "C2"])
        #expect(try await dispatcher.nextPendingAttempt(excluding: first.heldBack) == nil)

        clock.advance(by: 0.5)
        #expect(try await dispatcher.deliverDuePosts().attempted == 0)
        clock.advance(by: 0.5)
        #expect(try await dispatcher.deliverDuePosts().attempted == 1)
        clock.advance(by: 1)
        #expect(try await dispatcher.deliverDuePosts().attempted == 1)
        #expect(try await dispatcher.deliverDuePosts().attempted == 0)

        let keys = transport.posts.withLock { $0.map(\.key) }
        #expect(keys.count == 6 && Set(keys).count == 6)  // every card once
        #expect(try await store.posts(withStatus: .pending).isEmpty)
        try await store.close()
    }
}
