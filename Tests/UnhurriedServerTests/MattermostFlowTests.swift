import ChatPlatformKit
import ChatPlatforms
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

/// Mattermost over real sockets: slash commands checked against each team's command tokens, the card posted with
/// signed buttons through a fake REST API, a click acting on the ask, and direct messages in the bot's direct channel.
@Suite(.timeLimit(.minutes(1))) struct MattermostFlowTests {
    static let team = "team1team1team1team1team1"
    static let channel = "chanchanchanchanchanchanch"
    static let alice = "alicealicealicealicealice1"
    static let bob = "bobbobbobbobbobbobbobbobb1"
    static let commandToken = "command-token-of-team1"

    private let users: [String: FakeMattermostAPI.User] = [
        alice: .init(username: "alice", manualZone: "Europe/Berlin"),
        bob: .init(username: "bob", automaticZone: "America/Chicago"),
    ]

    private func runServer(
        store: any ClosableStore, mattermost: URL, events: URL? = nil, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var settings = MattermostSettings(
            serverURL: mattermost, botToken: "bot-token", commandTokens: [Self.team: ["old-token", Self.commandToken], "team2": ["token-of-team2"]],
            actionsURL: URL(string: "https://unhurried.example.com/mattermost/actions"))
        if let events { settings.eventsURL = events }
        try await runLiveServer(
            ServerConfiguration(
                host: "127.0.0.1", port: 0, enabled: [MattermostPlatform(settings: settings)]),
            store: store, body)
    }

    /// A command as Mattermost posts it, with the names it resolved.
    private func command(
        _ client: some TestClientProtocol, _ text: String, mentions: [(String, String)] = [], token: String? = commandToken, inForm: Bool = false
    ) async throws -> TestResponse {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func encode(_ value: String) -> String { value.addingPercentEncoding(withAllowedCharacters: allowed)! }
        var fields = [("channel_id", Self.channel), ("command", "/async"), ("team_id", Self.team), ("text", text), ("trigger_id", "trig"),
                      ("user_id", Self.alice), ("user_name", "alice")]
        fields += mentions.map { ("user_mentions", $0.0) } + mentions.map { ("user_mentions_ids", $0.1) }
        if inForm, let token { fields.append(("token", token)) }
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .accept: "application/json"]
        if !inForm, let token { headers[.authorization] = "Token \(token)" }
        let body = fields.map { "\($0)=\(encode($1))" }.joined(separator: "&")
        return try await client.execute(uri: "/mattermost/commands", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    private func click(_ client: some TestClientProtocol, context: [String: Any], by user: String) async throws -> TestResponse {
        let body: [String: Any] = ["user_id": user, "channel_id": Self.channel, "team_id": Self.team, "post_id": "post1", "trigger_id": "trig-\(user)",
                                   "context": context]
        return try await client.execute(
            uri: "/mattermost/actions", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
    }

    private func text(_ response: TestResponse) -> String {
        ((try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any])?["text"] as? String ?? ""
    }

    @Test func refusesCommandsWithoutTheirTeamsToken() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let mattermost = FakeMattermostAPI(users: users)
            try await mattermost.run { url in
                try await runServer(store: store, mattermost: url) { client in
                    #expect(try await command(client, "inbox", token: nil).status == .unauthorized)
                    #expect(try await command(client, "inbox", token: "wrong").status == .unauthorized)
                    // A token of another team does not let a request speak for this one.
                    #expect(try await command(client, "inbox", token: "token-of-team2").status == .unauthorized)
                    let viaHeader = try await command(client, "inbox")
                    #expect(viaHeader.status == .ok)
                    #expect(text(viaHeader).contains("Nothing waits on you"))
                    #expect(try await command(client, "inbox", token: "old-token", inForm: true).status == .ok)
                }
            }
        }
    }

    @Test func anAskIsAnsweredPrivatelyItsCardPostedWithButtonsAndAClickFinishesIt() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let mattermost = FakeMattermostAPI(users: users)
            try await mattermost.run { url in
                try await runServer(store: store, mattermost: url) { client in
                    let answer = try await command(client, "ask @bob review https://example.com/plan — is the date realistic?", mentions: [("bob", Self.bob)])
                    #expect(answer.status == .ok)
                    let reply = ((try? JSONSerialization.jsonObject(with: Data(answer.body.readableBytesView))) as? [String: Any]) ?? [:]
                    #expect(reply["response_type"] as? String == "ephemeral")
                    #expect(text(answer).contains("Recorded ask **#1**"))
                    #expect(text(answer).contains("@bob is due"))
                    try await waitUntil { mattermost.posts.count >= 1 }
                    let card = try #require(mattermost.posts.first)
                    #expect(card.channelID == Self.channel)
                    #expect(card.authorization == "Bearer bot-token")
                    #expect(card.idempotencyKey == "item:1:item_card")
                    // It calls bob, and names alice, who asked.
                    #expect(card.message.hasPrefix("**Ask #1** from **alice**"))
                    let raw = try #require(try JSONSerialization.jsonObject(with: Data(card.raw.utf8)) as? [String: Any])
                    let actions = try #require((((raw["props"] as? [String: Any])?["attachments"] as? [[String: Any]])?.first?["actions"]) as? [[String: Any]])
                    let done = try #require(actions.first { $0["id"] as? String == "done" })
                    var context = try #require((done["integration"] as? [String: Any])?["context"] as? [String: Any])
                    // Someone tampering with the context is refused; alice may not finish bob's part with his button either.
                    var tampered = context
                    tampered["item"] = "2"
                    #expect(try await click(client, context: tampered, by: Self.bob).status == .unauthorized)
                    // Someone with no part in the ask: nothing changes, and the answer comes in the click's response.
                    let stranger = try await click(client, context: context, by: "carolcarolcarolcarolcarol1")
                    let refusal = (try? JSONSerialization.jsonObject(with: Data(stranger.body.readableBytesView))) as? [String: Any]
                    #expect((refusal?["ephemeral_text"] as? String)?.contains("You can't mark #1 done") == true)
                    #expect(try await click(client, context: context, by: Self.bob).status == .ok)
                    try await waitUntil { mattermost.patches.count >= 1 }
                    context["team"] = "team2"
                    #expect(try await click(client, context: context, by: Self.bob).status == .unauthorized)
                }
            }
            let workspace = WorkspaceRef(platform: MattermostPlatform.name, workspaceID: Self.team)
            #expect(try await store.item(ItemID(1), in: workspace)?.status == .done)
            let patch = try #require(mattermost.patches.first)
            #expect(patch.path == "posts/\(try #require(mattermost.posts.first).id)/patch")
            #expect(patch.message.contains("**Done**"))
            // The profile's zone: automatic for bob (he lets the app pick).
            let bob = try await store.settings(of: [ChatUserID(Self.bob)], in: workspace)[ChatUserID(Self.bob)]
            #expect(bob?.directoryTimeZoneName == "America/Chicago")
        }
    }

    /// The card of the longest ask is one Mattermost takes, shortened; `/async show` answers with all of it.
    @Test func aLongAsksCardIsShortenedAndShowHasItAll() async throws {
        let request = (1...500).map { "[\($0)]" }.joined(separator: " ")
        try await withTestStore(.sqlite) { store, _ in
            let mattermost = FakeMattermostAPI(users: users)
            try await mattermost.run { url in
                try await runServer(store: store, mattermost: url) { client in
                    #expect(try await command(client, "ask @bob \(request)", mentions: [("bob", Self.bob)]).status == .ok)
                    try await waitUntil { mattermost.posts.count >= 1 }
                    let card = try #require(mattermost.posts.first)
                    #expect(card.message.contains("\\[1\\]") && !card.message.contains("\\[500\\]") && card.message.contains("`/async show 1` has the whole ask"))
                    let shown = text(try await command(client, "show 1"))
                    #expect((1...500).allSatisfy { shown.contains("\\[\($0)\\]") })
                }
            }
        }
    }

    /// Mattermost's WebSocket events as it sends them: the post and the reaction are JSON text inside the JSON.
    private func posted(id: String, by user: String, root: String, type: String = "") -> String {
        let post = #"{"id":"\#(id)","create_at":1795420800000,"user_id":"\#(user)","channel_id":"\#(Self.channel)","root_id":"\#(root)","message":"on it","type":"\#(type)","props":{}}"#
        let escaped = post.replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"event":"posted","data":{"channel_type":"O","post":"\#(escaped)","sender_name":"@bob","team_id":"\#(Self.team)"},"broadcast":{"channel_id":"\#(Self.channel)","team_id":"","user_id":""},"seq":3}"#
    }

    private func reaction(on post: String, by user: String, emoji: String = "white_check_mark") -> String {
        let reaction = #"{"user_id":"\#(user)","post_id":"\#(post)","emoji_name":"\#(emoji)","create_at":1795420800000}"#
        let escaped = reaction.replacingOccurrences(of: "\"", with: "\\\"")
        return #"{"event":"reaction_added","data":{"reaction":"\#(escaped)"},"broadcast":{"channel_id":"\#(Self.channel)","team_id":"","user_id":""},"seq":4}"#
    }

    @Test func repliesAndReactionsArriveOverTheWebSocket() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let mattermost = FakeMattermostAPI(users: users)
            let events = FakeMattermostEvents(token: "bot-token")
            try await mattermost.run { url in
                try await events.run { eventsURL in
                    try await runServer(store: store, mattermost: url, events: eventsURL) { client in
                        _ = try await command(client, "ask @bob sign off the budget", mentions: [("bob", Self.bob)])
                        // Until the card's post id is recorded a reply under it concerns no item: on a busy machine that
                        // can come a while after Mattermost has the post.
                        try await waitUntil {
                            try await store.post(withKey: .card(of: ItemID(1)))?.messageRef != nil && events.authenticatedConnections >= 1
                        }
                        let card = try #require(mattermost.posts.first).id
                        // Noise first: the bot's own reply, a system message, someone else's reply, a 👍.
                        try await events.push(posted(id: "p-bot", by: FakeMattermostAPI.botID, root: card))
                        try await events.push(posted(id: "p-join", by: Self.bob, root: card, type: "system_join_channel"))
                        try await events.push(posted(id: "p-alice", by: Self.alice, root: card))
                        try await events.push(reaction(on: card, by: Self.bob, emoji: "+1"))
                        // bob's reply acknowledges, twice delivered (another replica's connection): once acted on.
                        try await events.push(posted(id: "p-bob", by: Self.bob, root: card))
                        try await events.push(posted(id: "p-bob", by: Self.bob, root: card))
                        try await waitUntil { mattermost.patches.count >= 1 }
                        try await events.push(reaction(on: card, by: Self.bob))
                        try await waitUntil { mattermost.patches.count >= 2 }
                        try await Task.sleep(for: .milliseconds(200))
                    }
                }
            }
            #expect(events.presentedTokens.first == "bot-token")
            #expect(mattermost.patches.count == 2)
            #expect(mattermost.patches.first?.message.contains("@bob acknowledged") == true)
            #expect(mattermost.patches.last?.message.contains("**Done**") == true)
            let item = try await store.item(ItemID(1), in: WorkspaceRef(platform: MattermostPlatform.name, workspaceID: Self.team))
            #expect(item?.status == .done)
            #expect(item?.assignment(of: ChatUserID(Self.bob))?.acknowledgedAt != nil)
        }
    }

    @Test func aCheckOnAReminderInTheDirectChannelFinishesThePart() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let mattermost = FakeMattermostAPI(users: users)
            let events = FakeMattermostEvents(token: "bot-token")
            let direct = "dm-" + [FakeMattermostAPI.botID, Self.bob].sorted().joined(separator: "__")
            try await mattermost.run { url in
                try await events.run { eventsURL in
                    try await runServer(store: store, mattermost: url, events: eventsURL) { client in
                        _ = try await command(client, "ask @bob sign off the budget", mentions: [("bob", Self.bob)])
                        // The reminder the scheduler sends to bob directly: addressed by his user id.
                        try await store.queue([QueuedPost(
                            idempotencyKey: .followUp("reminder-1", of: ItemID(1), for: ChatUserID(Self.bob), route: .directMessage),
                            channel: ChatChannel(platform: MattermostPlatform.name, workspaceID: Self.team, channelID: Self.bob), kind: .reminder,
                            itemID: ItemID(1), subject: ChatUserID(Self.bob), dueAt: Date())])
                        try await waitUntil {
                            try await store.post(withKey: .followUp("reminder-1", of: ItemID(1), for: ChatUserID(Self.bob), route: .directMessage))?.messageRef != nil && events.authenticatedConnections >= 1
                        }
                        let reminder = try #require(mattermost.posts.first { $0.channelID == direct }).id
                        let check = #"{"user_id":"\#(Self.bob)","post_id":"\#(reminder)","emoji_name":"white_check_mark","create_at":1795420800000}"#
                        let escaped = check.replacingOccurrences(of: "\"", with: "\\\"")
                        try await events.push(#"{"event":"reaction_added","data":{"reaction":"\#(escaped)"},"broadcast":{"channel_id":"\#(direct)","team_id":"","user_id":""},"seq":5}"#)
                        try await waitUntil { mattermost.patches.count >= 1 }
                    }
                }
            }
            let item = try await store.item(ItemID(1), in: WorkspaceRef(platform: MattermostPlatform.name, workspaceID: Self.team))
            #expect(item?.status == .done)
        }
    }

    @Test func aRefusedTokenIsTriedAgainLaterWithoutStoppingTheServer() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let mattermost = FakeMattermostAPI(users: users)
            let events = FakeMattermostEvents(token: "a-token-the-bot-does-not-have")
            try await mattermost.run { url in
                try await events.run { eventsURL in
                    try await runServer(store: store, mattermost: url, events: eventsURL) { client in
                        try await waitUntil { events.presentedTokens.count >= 2 }
                        #expect(try await command(client, "inbox").status == .ok)
                    }
                }
            }
            #expect(events.presentedTokens.count >= 2)
            #expect(events.authenticatedConnections == 0)
        }
    }

    @Test func postsToAPersonInTheBotsDirectChannel() async throws {
        let mattermost = FakeMattermostAPI(users: users)
        try await mattermost.run { url in
            let client = MattermostClient(baseURL: url, botToken: "bot-token", renderer: MattermostMessageRenderer(buttons: nil), http: NIOHTTPClient(timeout: .seconds(5)))
            let person = ChatChannel(platform: MattermostPlatform.name, workspaceID: Self.team, channelID: Self.bob)
            let message = ChatMessage(fallbackText: "Reminder", blocks: [.section(RichText([.text("Reminder for "), .user(ChatUserID(Self.bob))]))])
            let first = try await client.post(message, to: person, inThreadOf: nil, idempotencyKey: "item:1:bob:reminder:dm")
            _ = try await client.post(message, to: person, inThreadOf: nil, idempotencyKey: "item:1:bob:overdue:dm")
            #expect(try await client.findPost(idempotencyKey: "item:1:bob:reminder:dm", in: person, inThreadOf: nil, since: Date()) == first)
            _ = try await client.post(message, to: ChatChannel(platform: MattermostPlatform.name, workspaceID: Self.team, channelID: Self.channel),
                                      inThreadOf: nil, idempotencyKey: "k3")
        }
        let direct = "dm-" + [FakeMattermostAPI.botID, Self.bob].sorted().joined(separator: "__")
        #expect(mattermost.directChannels.count == 1)
        #expect(mattermost.posts.map(\.channelID) == [direct, direct, Self.channel])
        #expect(mattermost.posts.first?.message == "Reminder for @bob")
    }
}

extension MattermostFlowTests {
    private func undecodableCounts(_ client: some TestClientProtocol) async throws -> [String] {
        String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            .components(separatedBy: "\n").filter { $0.hasPrefix("unhurried_inbound_undecodable_total{") }
    }

    @Test func countsActionsAndEventsItCannotReadAndAnswersThemAsBefore() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let mattermost = FakeMattermostAPI(users: users)
            let events = FakeMattermostEvents(token: "bot-token")
            try await mattermost.run { url in
                try await events.run { eventsURL in
                    try await runServer(store: store, mattermost: url, events: eventsURL) { client in
                        let action = try await client.execute(
                            uri: "/mattermost/actions", method: .post, headers: [.contentType: "application/json"],
                            body: ByteBuffer(string: #"{"user_id":"\#(Self.bob)","context":"done"}"#))
                        #expect(action.status == .ok)
                        #expect(String(buffer: action.body) == "{}")
                        try await waitUntil { events.authenticatedConnections >= 1 }
                        let post = #"{\"id\":\"p1\",\"channel_id\":\"\#(Self.channel)\",\"root_id\":\"card\"}"#
                        try await events.push(#"{"event":"posted","data":{"post":"\#(post)"},"broadcast":{},"seq":3}"#)
                        try await waitUntil { try await undecodableCounts(client).count >= 2 }
                        #expect(try await undecodableCounts(client).sorted() == [
                            #"unhurried_inbound_undecodable_total{platform="mattermost",reason="missing_field:data.post.user_id"} 1"#,
                            #"unhurried_inbound_undecodable_total{platform="mattermost",reason="wrong_type:context"} 1"#,
                        ])
                    }
                }
            }
            #expect(mattermost.patches.isEmpty)
        }
    }

    /// ⏳ on a person's post, by two people and delivered twice (every replica hears the WebSocket): one ask for the
    /// people it mentions, its card a reply under the post; a post that mentions nobody gets the reactor an ephemeral word.
    @Test func theTrackReactionOnAPostMakesOneAskInItsThread() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let mattermost = FakeMattermostAPI(users: users)
            mattermost.write(id: "p-plan", "@bob, can you check [the plan](https://example.com/plan)? @nobody-here", by: Self.alice, in: Self.channel)
            mattermost.write(id: "p-open", "who can check the plan?", by: Self.alice, in: Self.channel)
            let events = FakeMattermostEvents(token: "bot-token")
            try await mattermost.run { url in
                try await events.run { eventsURL in
                    try await runServer(store: store, mattermost: url, events: eventsURL) { client in
                        try await waitUntil { events.authenticatedConnections >= 1 }
                        for user in [Self.alice, Self.alice, Self.bob] {
                            try await events.push(reaction(on: "p-plan", by: user, emoji: "hourglass_flowing_sand"))
                        }
                        try await events.push(reaction(on: "p-open", by: Self.bob, emoji: "hourglass_flowing_sand"))
                        try await waitUntil { mattermost.posts.count >= 1 && mattermost.ephemerals.count >= 2 }
                    }
                }
            }
            let workspace = WorkspaceRef(platform: MattermostPlatform.name, workspaceID: Self.team)
            let item = try #require(try await store.item(ItemID(1), in: workspace))
            #expect(try await store.item(ItemID(2), in: workspace) == nil)
            #expect(item.assignments.map(\.assignee) == [ChatUserID(Self.bob)])
            #expect(item.request.contains("can you check the plan"))
            #expect(item.origin == ItemOrigin(messageRef: "p-plan", threadRef: "p-plan"))
            let card = try #require(mattermost.posts.first)
            #expect(mattermost.posts.count == 1)
            #expect(card.rootID == "p-plan")
            #expect(card.message.contains("/_redirect/pl/p-plan") || card.message.contains("/pl/p-plan"))
            let words = mattermost.ephemerals.map(\.raw)
            #expect(words.contains { $0.contains("mentions nobody") && $0.contains(Self.bob) })
            #expect(words.contains { $0.contains("already tracked as ask") })
        }
    }
}
