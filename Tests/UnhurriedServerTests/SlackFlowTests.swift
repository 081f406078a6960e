import ChatPlatforms
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

/// The whole flow over real sockets: a signed command reaches the live server, the ask is stored, the answer
/// comes back, and the card reaches a fake Slack API through the real outbound HTTP client.
@Suite(.timeLimit(.minutes(1))) struct SlackFlowTests {
    private func runServer(
        store: any ClosableStore, slackAPI: URL, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await runLiveServer(
            ServerConfiguration(
                host: "127.0.0.1", port: 0,
                enabled: [SlackPlatform(settings: SlackSettings(signingSecrets: [testSigningSecret], botToken: testBotToken, apiBaseURL: slackAPI))]),
            store: store, body)
    }

    private func sendAsk(_ client: some TestClientProtocol, text: String) async throws -> TestResponse {
        let body = slashCommandBody(text: text)
        var headers = HTTPFields()
        for (name, value) in slackHeaders(for: body, at: Date()) { headers[HTTPField.Name(name)!] = value }
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await client.execute(uri: "/slack/commands", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func postsTheItemCardToSlackAfterAnswering() async throws {
        let database = try await TestDatabase.make(.sqlite)
        let store = try await database.open()
        let slack = FakeSlackAPI()
        try await slack.run { api in
            try await runServer(store: store, slackAPI: api) { client in
                let response = try await sendAsk(client, text: "<@U0BOB|bob> review <https://example.com/q3|Q3 brief> — do the channels fit?")
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Recorded ask #1"))
                try await waitUntil { slack.posts.count >= 1 }
                try await waitUntil { try await store.posts(withStatus: .sent).count == 1 }
            }
        }
        let post = try #require(slack.posts.first)
        #expect(slack.posts.count == 1)
        #expect(post.authorization == "Bearer \(testBotToken)")
        #expect(post.json["channel"] as? String == "C0GENERAL")
        let raw = try #require(post.json["raw"] as? String)
        #expect(raw.contains(#""action_id":"done""#))
        #expect(raw.contains(#""idempotency_key":"item:1:item_card""#))
        #expect(raw.contains("<https://example.com/q3|Q3 brief (example.com)>"))
        let sent = try await store.posts(withStatus: .sent)
        #expect(sent.first?.messageRef == "1795420800.000001")
        try await store.close()
        await database.remove()
    }

    @Test func retriesAfterRateLimitsAndServerErrorsAndPostsOnce() async throws {
        let database = try await TestDatabase.make(.sqlite)
        let store = try await database.open()
        let slack = FakeSlackAPI(script: [.rateLimited(retryAfterSeconds: 1), .slackError("internal_error")])
        try await slack.run { api in
            try await runServer(store: store, slackAPI: api) { client in
                _ = try await sendAsk(client, text: "<@U0BOB> check https://example.com/a — ok to ship?")
                try await waitUntil { try await store.posts(withStatus: .sent).count == 1 }
            }
        }
        #expect(slack.posts.count == 1)
        let sent = try await store.posts(withStatus: .sent)
        #expect(sent.first?.attempts == 3)
        try await store.close()
        await database.remove()
    }

    @Test func parksAPostAsDeadWhenSlackRefusesItForGood() async throws {
        let database = try await TestDatabase.make(.sqlite)
        let store = try await database.open()
        let slack = FakeSlackAPI(script: [.slackError("channel_not_found")])
        try await slack.run { api in
            try await runServer(store: store, slackAPI: api) { client in
                _ = try await sendAsk(client, text: "<@U0BOB> check https://example.com/a — ok to ship?")
                try await waitUntil { try await store.posts(withStatus: .dead).count == 1 }
            }
        }
        // Nothing reached the channel; only the asker may have been told, in their DM (DeadPostTests).
        #expect(slack.posts.allSatisfy { $0.channel == "U0ALICE" })
        #expect(try await store.posts(withStatus: .dead).first?.lastError == "chat.postMessage: channel_not_found")
        try await store.close()
        await database.remove()
    }

    @Test func deliversAPostQueuedBeforeARestart() async throws {
        let database = try await TestDatabase.make(.sqlite)
        let store = try await database.open()
        // Slack is unreachable while the first server runs: the ask is stored and its card stays queued.
        let down = FakeSlackAPI(script: Array(repeating: .serverError, count: 50))
        try await down.run { api in
            try await runServer(store: store, slackAPI: api) { client in
                let response = try await sendAsk(client, text: "<@U0BOB> check https://example.com/a — ok?")
                #expect(response.status == .ok)
            }
        }
        try await store.close()

        let reopened = try await database.open()
        let pending = try await reopened.posts(withStatus: .pending)
        #expect(pending.count == 1)
        let slack = FakeSlackAPI()
        try await slack.run { api in
            try await runServer(store: reopened, slackAPI: api) { _ in
                // The retry time may lie a few seconds ahead; the worker wakes for it on its own.
                try await waitUntil { try await reopened.posts(withStatus: .sent).count == 1 }
            }
        }
        #expect(slack.posts.count == 1)
        try await reopened.close()
        await database.remove()
    }
}
