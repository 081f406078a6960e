import DecisionPublishers
import Foundation
import Testing
import UnhurriedCore
import UnhurriedServer

/// Decisions posted to a signed JSON webhook, end to end: `/decision` on Slack, the delivery worker, a local receiver.
@Suite struct WebhookPublishingTests {
    func withReceiver(
        _ kind: TestDatabase.Kind, _ receiver: FakeWebhookReceiver, secret: String? = nil, channels: Set<String>? = nil,
        _ body: @escaping @Sendable (SlackTeam) async throws -> Void
    ) async throws {
        try await receiver.run { url in
            let policy = publishingPolicy(.webhook(url: url), channels: channels)
            try await withSlackTeam(
                kind, slack: FakeSlackAPI(), policy: policy, publishing: PublishingCredentials(webhookSecret: secret ?? receiver.secret), body)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func postsEachDecisionOnceSigned(kind: TestDatabase.Kind) async throws {
        let receiver = FakeWebhookReceiver()
        try await withReceiver(kind, receiver) { team in
            try await team.decide("We launch on Dec 3")
            try await team.tick()
            #expect(try await team.command("/decision", "supersede 1 We launch on Dec 10").contains("supersedes #1"))
            try await team.tick()
            #expect(receiver.postsReceived == 2)
            #expect(receiver.deliveries.map(\.key) == ["publish:webhook:item:1", "publish:webhook:item:2"])
            #expect(receiver.deliveries.map(\.event) == ["decision.recorded", "decision.superseded"])
            #expect(receiver.deliveries.map(\.supersedes) == [nil, 1])
        }
    }

    @Test func aWrongSecretIsRefusedAndEndsDead() async throws {
        let receiver = FakeWebhookReceiver()
        try await withReceiver(.sqlite, receiver, secret: "not-the-shared-secret") { team in
            try await team.decide("We drop the legacy API")
            let dead = try await team.publication(of: 1, to: "webhook")
            #expect(dead.status == .dead)
            #expect(dead.lastError == "Webhook post: HTTP 401")
            #expect(receiver.deliveries.isEmpty)
        }
    }

    @Test func retriesAfterAServerErrorAndALostAnswerWithTheSameKey() async throws {
        let receiver = FakeWebhookReceiver(script: [.serverError, .acceptThenServerError])
        try await withReceiver(.sqlite, receiver) { team in
            try await team.decide("We ship weekly")
            team.clock.advance(by: 5)
            try await team.tick()
            #expect(try await team.publication(of: 1, to: "webhook").status == .pending)

            team.clock.advance(by: 60)
            try await team.restartedDispatcher(publishing: PublishingCredentials(webhookSecret: receiver.secret)).deliverDuePosts()
            #expect(try await team.publication(of: 1, to: "webhook").status == .sent)
            // Sent three times, under one key: the receiver kept one.
            #expect(receiver.postsReceived == 3)
            #expect(receiver.deliveries.count == 1)
        }
    }

    @Test func onlyTheChannelsNamedArePublished() async throws {
        let receiver = FakeWebhookReceiver()
        try await withReceiver(.sqlite, receiver, channels: ["C0PRODUCT"]) { team in
            try await team.decide("We use tabs")
            #expect(try await team.store.post(withKey: .publication(of: ItemID(1), to: "webhook")) == nil)
            #expect(receiver.postsReceived == 0)
        }
    }
}
