import ChatPlatformKit
import ChatPlatforms
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

/// Discord over real sockets: interactions signed with the application's key (and refused otherwise), a slash command
/// answered privately, the card posted through a fake REST API that refuses what Discord refuses, a press acting on
/// the ask and the card edited in place, and direct messages in the bot's direct channel.
@Suite(.timeLimit(.minutes(1))) struct DiscordFlowTests {
    static let guild = "1200000000000000002"
    static let channel = "1300000000000000003"
    static let alice = "1700000000000000007"
    static let bob = "1500000000000000005"

    private let key = Curve25519.Signing.PrivateKey()

    private func runServer(
        store: any ClosableStore, api: URL, answerBudget: Duration? = nil, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var settings = DiscordSettings(applicationID: "1100000000000000001", publicKey: key.publicKey, botToken: "bot-token", apiURL: api)
        if let answerBudget { settings.answerBudget = answerBudget }
        try await runLiveServer(ServerConfiguration(host: "127.0.0.1", port: 0, enabled: [DiscordPlatform(settings: settings)]), store: store, body)
    }

    /// An interaction as Discord posts it, signed over the timestamp and the body (by `signer`, the application's key
    /// unless another is given).
    private func send(
        _ client: some TestClientProtocol, _ interaction: [String: Any], signer: Curve25519.Signing.PrivateKey? = nil, timestamp: Date = Date()
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any], text: String) {
        let body = try JSONSerialization.data(withJSONObject: interaction)
        let stamp = String(Int(timestamp.timeIntervalSince1970))
        let signature = Hex.string(try (signer ?? key).signature(for: Data(stamp.utf8) + body))
        let response = try await client.execute(
            uri: "/discord/interactions", method: .post,
            headers: [.contentType: "application/json", HTTPField.Name("X-Signature-Ed25519")!: signature, HTTPField.Name("X-Signature-Timestamp")!: stamp],
            body: ByteBuffer(bytes: body))
        let text = String(buffer: response.body)
        return (response.status, (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:], text)
    }

    private func command(_ name: String, _ text: String?, by user: String = alice) -> [String: Any] {
        var data: [String: Any] = ["id": "1400000000000000004", "name": name, "type": 1]
        if let text { data["options"] = [["name": "text", "type": 3, "value": text]] }
        return ["type": 2, "id": "16\(Int.random(in: 100_000_000_000_000...999_999_999_999_999))", "application_id": "1100000000000000001",
                "guild_id": Self.guild, "channel_id": Self.channel, "token": "interaction-token", "version": 1, "locale": "en-GB",
                "member": ["user": ["id": user, "username": "someone", "discriminator": "0"], "roles": [], "permissions": "0"], "data": data]
    }

    private func press(_ customID: String, by user: String) -> [String: Any] {
        ["type": 3, "id": "1610000000000000000", "application_id": "1100000000000000001", "guild_id": Self.guild, "channel_id": Self.channel,
         "token": "interaction-token", "version": 1, "member": ["user": ["id": user]],
         "message": ["id": "5000000000000000001", "channel_id": Self.channel],
         "data": ["custom_id": customID, "component_type": 2]]
    }

    private func content(_ answer: [String: Any]) -> String {
        (answer["data"] as? [String: Any])?["content"] as? String ?? ""
    }

    @Test func answersDiscordsPingAndRefusesWhatTheApplicationsKeyDidNotSign() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let discord = FakeDiscordAPI(users: [Self.alice, Self.bob], channels: [Self.channel])
            try await discord.run { api in
                try await runServer(store: store, api: api) { client in
                    let ping = try await send(client, ["type": 1, "id": "1", "application_id": "1100000000000000001", "token": "t", "version": 1])
                    #expect(ping.status == .ok)
                    #expect(ping.json["type"] as? Int == 1)
                    // Discord's own probes: another key, an old timestamp, no signature at all.
                    let forged = try await send(client, ["type": 1], signer: Curve25519.Signing.PrivateKey())
                    #expect(forged.status == .unauthorized)
                    #expect(forged.text == "invalid request signature")
                    #expect(try await send(client, ["type": 1], timestamp: Date().addingTimeInterval(-600)).status == .unauthorized)
                    let unsigned = try await client.execute(
                        uri: "/discord/interactions", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: #"{"type":1}"#))
                    #expect(unsigned.status == .unauthorized)
                    #expect(discord.messages.isEmpty)
                }
            }
        }
    }

    @Test func anAskIsAnsweredPrivatelyItsCardPostedWithButtonsAndAPressFinishesIt() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let discord = FakeDiscordAPI(users: [Self.alice, Self.bob], channels: [Self.channel])
            try await discord.run { api in
                try await runServer(store: store, api: api) { client in
                    let answer = try await send(client, command("ask", "<@\(Self.bob)> review https://example.com/plan — is the date realistic?"))
                    #expect(answer.status == .ok)
                    #expect(answer.json["type"] as? Int == 4)
                    #expect((answer.json["data"] as? [String: Any])?["flags"] as? Int == 64)
                    #expect(content(answer.json).contains("Recorded ask **#1**"))
                    // The answer names bob without calling him.
                    #expect(content(answer.json).contains("<@\(Self.bob)>"))
                    #expect(((answer.json["data"] as? [String: Any])?["allowed_mentions"] as? [String: Any])?["users"] as? [String] == [])

                    try await waitUntil { discord.posts.count >= 1 }
                    let card = try #require(discord.posts.first)
                    #expect(card.channelID == Self.channel)
                    #expect(card.content.hasPrefix("**Ask #1** from <@\(Self.alice)>"))
                    #expect(card.allowedUsers == [Self.bob])
                    #expect(card.json["enforce_nonce"] as? Bool == true)
                    let done = try #require(card.customIDs.first { $0.hasPrefix("unhurried:done:") })
                    #expect(done == "unhurried:done:1:\(Self.guild)")

                    // alice asked: there is nothing for her to acknowledge, and she is told so privately.
                    let acknowledge = try #require(card.customIDs.first { $0.hasPrefix("unhurried:acknowledge:") })
                    let hers = try await send(client, press(acknowledge, by: Self.alice))
                    #expect(hers.json["type"] as? Int == 4)
                    #expect((hers.json["data"] as? [String: Any])?["flags"] as? Int == 64)

                    // A typed change shows on the card as soon as a pressed one: the delivery worker is woken, where on
                    // its own it would look again only after half a minute.
                    let typed = ContinuousClock.now
                    _ = try await send(client, command("ack", "1", by: Self.bob))
                    try await waitUntil { discord.edits.contains { $0.id == card.id && $0.content.contains("acknowledged") } }
                    #expect(ContinuousClock.now - typed < .seconds(10))

                    let his = try await send(client, press(done, by: Self.bob))
                    #expect(his.status == .ok)
                    #expect(his.json["type"] as? Int == 6)
                    try await waitUntil { discord.edits.contains { $0.id == card.id && $0.content.contains("done") } }
                    let item = try #require(try await store.item(ItemID(1), in: WorkspaceRef(platform: "discord", workspaceID: Self.guild)))
                    #expect(item.status == .done)
                    #expect(discord.refused.isEmpty)
                }
            }
        }
    }

    @Test func aCommandOutsideAServerOrUnknownIsAnsweredNotActedOn() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let discord = FakeDiscordAPI(users: [Self.alice], channels: [Self.channel])
            try await discord.run { api in
                try await runServer(store: store, api: api) { client in
                    var direct = command("inbox", nil)
                    direct["guild_id"] = nil
                    direct["member"] = nil
                    direct["user"] = ["id": Self.alice]
                    let outside = try await send(client, direct)
                    #expect(content(outside.json).contains("work in a server's channels"))
                    let inbox = try await send(client, command("inbox", nil))
                    #expect(content(inbox.json).contains("Nothing waits on you"))
                    let foreign = try await send(client, press("poll:yes", by: Self.alice))
                    #expect(content(foreign.json).contains("not one of Unhurried's"))
                    let unreadable = try await send(client, ["type": 2, "guild_id": Self.guild])
                    #expect(unreadable.status == .badRequest)
                }
            }
        }
    }

    /// A command that takes longer than Discord waits is acknowledged at once, privately, and its answer edited in
    /// when it is ready: the ask is recorded once, and its asker told so.
    @Test func aSlowCommandIsDeferredAndItsAnswerEditedIn() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let discord = FakeDiscordAPI(users: [Self.alice, Self.bob], channels: [Self.channel])
            try await discord.run { api in
                try await runServer(store: store, api: api, answerBudget: .zero) { client in
                    let answer = try await send(client, command("ask", "<@\(Self.bob)> review https://example.com/plan — is the date right?"))
                    #expect(answer.json["type"] as? Int == 5)
                    #expect((answer.json["data"] as? [String: Any])?["flags"] as? Int == 64)
                    try await waitUntil { !discord.editedAnswers.isEmpty }
                    let edited = try #require(discord.editedAnswers.first)
                    #expect(edited.channelID == "1100000000000000001/interaction-token")
                    #expect(edited.content.contains("Recorded ask **#1**"))
                    #expect(edited.allowedUsers.isEmpty)
                    try await waitUntil { discord.posts.count >= 1 }
                    #expect(discord.posts.count == 1)
                }
            }
        }
    }

    /// The transport as the delivery worker uses it: a person's id is posted to in the bot's direct channel with them,
    /// a post repeated after an unknown outcome is one message, and Discord's 429 says how long to wait.
    @Test func directMessagesRepeatedPostsAndRateLimits() async throws {
        let discord = FakeDiscordAPI(users: [Self.alice, Self.bob], channels: [Self.channel])
        try await discord.run { api in
            let client = DiscordClient(baseURL: api, botToken: "bot-token", http: NIOHTTPClient(timeout: .seconds(5)))
            let message = ChatMessage(fallbackText: "Reminder", blocks: [.section(RichText([.user(ChatUserID(Self.bob)), .text(", ask #1 is due soon")]))])
            let direct = ChatChannel(platform: "discord", workspaceID: Self.guild, channelID: Self.bob)
            let first = try await client.post(message, to: direct, inThreadOf: nil, idempotencyKey: "item:1:follow_up:reminder-1:dm")
            let again = try await client.post(message, to: direct, inThreadOf: nil, idempotencyKey: "item:1:follow_up:reminder-1:dm")
            #expect(first == again)
            #expect(discord.posts.count == 1)
            #expect(discord.posts.first?.channelID == discord.directChannel(of: Self.bob))
            #expect(discord.posts.first?.allowedUsers == [Self.bob])

            let reply = try await client.post(message, to: ChatChannel(platform: "discord", workspaceID: Self.guild, channelID: Self.channel),
                                              inThreadOf: first, idempotencyKey: "item:1:thread")
            #expect(discord.posts.last?.replyTo == first)
            #expect(reply != first)

            discord.limitNextPost()
            await #expect(throws: DeliveryFailure.rateLimited(retryAfterSeconds: 1)) {
                try await client.post(message, to: direct, inThreadOf: nil, idempotencyKey: "item:2:card")
            }
            await #expect(throws: DeliveryFailure.self) {
                try await client.post(message, to: ChatChannel(platform: "discord", workspaceID: Self.guild, channelID: "42"), inThreadOf: nil, idempotencyKey: "x")
            }
            let wrongToken = DiscordClient(baseURL: api, botToken: "stolen", http: NIOHTTPClient(timeout: .seconds(5)))
            await #expect(throws: DeliveryFailure.permanent("GET /users/{id}: HTTP 401 401: Unauthorized (code 0)")) {
                try await wrongToken.post(message, to: direct, inThreadOf: nil, idempotencyKey: "y")
            }
        }
    }
}

/// Discord's Gateway, through a local fake of it: the session identified with the bot's token and intents, a reply to
/// the card acknowledging, a ✅ on it finishing, heartbeats kept, a dropped connection (or one Discord asks to move)
/// resumed, and a refused intent given up rather than the connection.
@Suite(.timeLimit(.minutes(1))) struct DiscordGatewayFlowTests {
    static let guild = DiscordFlowTests.guild
    static let channel = DiscordFlowTests.channel
    static let alice = DiscordFlowTests.alice
    static let bob = DiscordFlowTests.bob
    static let botID = "1100000000000000001"

    private let key = Curve25519.Signing.PrivateKey()

    private func run(
        store: any ClosableStore, gateway: FakeDiscordGateway,
        _ body: @escaping @Sendable (any TestClientProtocol, FakeDiscordAPI) async throws -> Void
    ) async throws {
        let key = key
        try await gateway.run {
            let discord = FakeDiscordAPI(users: [Self.alice, Self.bob], channels: [Self.channel], gateway: gateway)
            try await discord.run { api in
                let settings = DiscordSettings(applicationID: Self.botID, publicKey: key.publicKey, botToken: "bot-token", apiURL: api)
                try await runLiveServer(ServerConfiguration(host: "127.0.0.1", port: 0, enabled: [DiscordPlatform(settings: settings)]), store: store) {
                    try await body($0, discord)
                }
            }
        }
    }

    private func ask(_ client: some TestClientProtocol) async throws {
        let interaction: [String: Any] = [
            "type": 2, "id": "1600000000000000006", "application_id": Self.botID, "guild_id": Self.guild, "channel_id": Self.channel,
            "token": "t", "version": 1, "member": ["user": ["id": Self.alice]],
            "data": ["name": "ask", "type": 1, "options": [["name": "text", "type": 3, "value": "<@\(Self.bob)> review the plan — is the date right?"]]],
        ]
        let body = try JSONSerialization.data(withJSONObject: interaction)
        let stamp = String(Int(Date().timeIntervalSince1970))
        let signature = Hex.string(try key.signature(for: Data(stamp.utf8) + body))
        let response = try await client.execute(
            uri: "/discord/interactions", method: .post,
            headers: [.contentType: "application/json", HTTPField.Name("X-Signature-Ed25519")!: signature, HTTPField.Name("X-Signature-Timestamp")!: stamp],
            body: ByteBuffer(bytes: body))
        #expect(response.status == .ok)
    }

    private func assignment(_ store: any ClosableStore) async throws -> Assignment? {
        try await store.item(ItemID(1), in: WorkspaceRef(platform: "discord", workspaceID: Self.guild))?.assignment(of: ChatUserID(Self.bob))
    }

    @Test func aReplyAcknowledgesACheckMarkFinishesAndADroppedSessionResumes() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let gateway = FakeDiscordGateway(token: "bot-token", botID: Self.botID, guild: Self.guild)
            try await run(store: store, gateway: gateway) { client, discord in
                try await waitUntil { gateway.identifies.count == 1 && gateway.sequence >= 1 }
                let identify = try #require(gateway.identifies.first)
                #expect(identify["token"] as? String == "bot-token")
                let intents = Int(identify["intents"] as? String ?? "") ?? 0
                for intent in [9, 10, 12, 13, 15] { #expect(intents & (1 << intent) != 0, "intent 1 << \(intent)") }

                try await ask(client)
                try await waitUntil { discord.posts.count >= 1 }
                let card = try #require(discord.posts.first)
                // A person replies once the card is there, and so once the store knows it was posted.
                let channel = ChatChannel(platform: "discord", workspaceID: Self.guild, channelID: Self.channel)
                try await waitUntil { try await store.itemID(postedAs: card.id, in: channel) != nil }
                // The bot's own message, and a message that replies to nothing, are not answers.
                try await gateway.dispatch("MESSAGE_CREATE", [
                    "id": "5100000000000000001", "channel_id": Self.channel, "guild_id": Self.guild, "type": 19, "content": "posted",
                    "author": ["id": Self.botID, "username": "unhurried", "bot": true], "message_reference": ["message_id": card.id],
                ])
                try await gateway.dispatch("MESSAGE_CREATE", [
                    "id": "5100000000000000002", "channel_id": Self.channel, "guild_id": Self.guild, "type": 0, "content": "lunch?",
                    "author": ["id": Self.bob, "username": "bob"],
                ])
                try await gateway.dispatch("MESSAGE_CREATE", [
                    "id": "5100000000000000003", "channel_id": Self.channel, "guild_id": Self.guild, "type": 19,
                    "content": "The date holds if QA starts Monday", "author": ["id": Self.bob, "username": "bob"],
                    "message_reference": ["type": 0, "message_id": card.id, "channel_id": Self.channel, "guild_id": Self.guild],
                ])
                try await waitUntil { try await assignment(store)?.acknowledgedAt != nil }
                #expect(try await assignment(store)?.acknowledgedAt != nil)
                let history = try await store.itemHistories(HistoryQuery(workspace: WorkspaceRef(platform: "discord", workspaceID: Self.guild)))
                #expect(history.first?.events.contains { $0.kind == .replied && $0.text == "The date holds if QA starts Monday" } == true)

                try await gateway.dispatch("MESSAGE_REACTION_ADD", [
                    "user_id": Self.bob, "channel_id": Self.channel, "message_id": card.id, "guild_id": Self.guild, "type": 0,
                    "emoji": ["id": NSNull(), "name": "✅"], "burst": false,
                ])
                try await waitUntil { try await assignment(store)?.status == .done }
                #expect(try await assignment(store)?.status == .done)
                try await waitUntil { gateway.heartbeats >= 2 }
                #expect(gateway.heartbeats >= 2)

                let sequence = gateway.sequence
                await gateway.close(code: 4000)
                try await waitUntil { gateway.resumes.contains { $0["seq"] as? String == "\(sequence)" } }
                #expect(gateway.resumes.contains { $0["session_id"] as? String == FakeDiscordGateway.sessionID && $0["seq"] as? String == "\(sequence)" })
                // Asked to reconnect, it resumes the same session again.
                await gateway.askToReconnect()
                try await waitUntil { gateway.resumes.count >= 2 }
                #expect(gateway.resumes.count >= 2)
                #expect(gateway.identifies.count == 1)
            }
        }
    }

    @Test func anApplicationWithoutTheMessageContentIntentStillListens() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let gateway = FakeDiscordGateway(token: "bot-token", botID: Self.botID, guild: Self.guild, refusesMessageContent: true)
            try await run(store: store, gateway: gateway) { _, _ in
                // The fake says `READY` only to a session that did not ask for message content.
                try await waitUntil { gateway.sequence >= 1 }
                let intents = gateway.identifies.map { Int($0["intents"] as? String ?? "") ?? 0 }
                #expect(intents.count >= 2)
                #expect(intents.first.map { $0 & (1 << 15) != 0 } == true)
                #expect(intents.last.map { $0 & (1 << 15) == 0 && $0 & (1 << 9) != 0 } == true)
            }
        }
    }
}
