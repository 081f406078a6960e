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

/// Matrix as an application service, over real sockets: transactions pushed to the live server (checked for the
/// homeserver's token), commands answered in the room's threads, replies and ✅ reactions acting on asks, and
/// every post reaching a fake homeserver through the real outbound HTTP client.
@Suite(.timeLimit(.minutes(1))) struct MatrixFlowTests {
    static let homeserverToken = "hs-token-for-tests"
    static let bot = ChatUserID("@unhurried:example.org")
    static let room = "!team:example.org"
    static let alice = "@alice:example.org"
    static let bob = "@bob:example.org"

    private func runServer(
        store: any ClosableStore, homeserver: URL, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let matrix = MatrixSettings(
            homeserverURL: homeserver, applicationServiceToken: "as-token-for-tests", homeserverToken: Self.homeserverToken, bot: Self.bot)
        try await runLiveServer(
            ServerConfiguration(
                host: "127.0.0.1", port: 0, enabled: [MatrixPlatform(settings: matrix)]),
            store: store, body)
    }

    private func push(
        _ client: some TestClientProtocol, transaction: String, _ events: [[String: Any]], authorization: String? = "Bearer \(homeserverToken)",
        query: String = ""
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let authorization { headers[.authorization] = authorization }
        let body = try JSONSerialization.data(withJSONObject: ["events": events])
        return try await client.execute(
            uri: "/_matrix/app/v1/transactions/\(transaction)\(query)", method: .put, headers: headers, body: ByteBuffer(bytes: body))
    }

    private func message(_ eventID: String, from sender: String, _ body: String, relatesTo: [String: Any]? = nil) -> [String: Any] {
        var content: [String: Any] = ["msgtype": "m.text", "body": body]
        if let relatesTo { content["m.relates_to"] = relatesTo }
        return ["type": "m.room.message", "event_id": eventID, "sender": sender, "room_id": Self.room, "origin_server_ts": 1_795_302_515_059,
                "content": content]
    }

    private func threadReply(_ eventID: String, from sender: String, to root: String) -> [String: Any] {
        message(eventID, from: sender, "looking at it now", relatesTo: [
            "rel_type": "m.thread", "event_id": root, "is_falling_back": true, "m.in_reply_to": ["event_id": root],
        ])
    }

    private var matrixError: @Sendable (TestResponse) -> String? {
        { response in
            ((try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any])?["errcode"] as? String
        }
    }

    @Test func refusesTransactionsWithoutTheHomeserversToken() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let homeserver = FakeMatrixHomeserver()
            try await homeserver.run { url in
                try await runServer(store: store, homeserver: url) { client in
                    let ask = [message("$ask", from: Self.alice, "!ask @bob:example.org review the plan")]
                    let missing = try await push(client, transaction: "1", ask, authorization: nil)
                    #expect(missing.status == .unauthorized)
                    #expect(matrixError(missing) == "M_UNAUTHORIZED")
                    let wrong = try await push(client, transaction: "1", ask, authorization: "Bearer not-the-token")
                    #expect(wrong.status == .forbidden)
                    #expect(matrixError(wrong) == "M_FORBIDDEN")
                    let disagreeing = try await push(client, transaction: "1", ask, query: "?access_token=not-the-token")
                    #expect(disagreeing.status == .forbidden)
                    // Older homeservers send the token in the query only.
                    let legacy = try await push(client, transaction: "1", ask, authorization: nil, query: "?access_token=\(Self.homeserverToken)")
                    #expect(legacy.status == .ok)
                    try await waitUntil { homeserver.events.count >= 2 }
                }
            }
            #expect(homeserver.events.count == 2)
        }
    }

    @Test func answersACommandInItsThreadPostsTheCardAndIgnoresARepeatedTransaction() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let homeserver = FakeMatrixHomeserver(zones: [Self.bob: "Asia/Kolkata"])
            try await homeserver.run { url in
                try await runServer(store: store, homeserver: url) { client in
                    let ask = [message("$ask", from: Self.alice, "!ask @bob:example.org review https://example.com/plan — is the date realistic?")]
                    #expect(try await push(client, transaction: "7", ask).status == .ok)
                    try await waitUntil { homeserver.events.count >= 2 }
                    // The homeserver sends the transaction again (its answer was lost); the bot's own posts come back too.
                    #expect(try await push(client, transaction: "7", ask).status == .ok)
                    let echoes = homeserver.events.map { message($0.eventID, from: Self.bot.rawValue, $0.body) }
                    #expect(try await push(client, transaction: "8", echoes).status == .ok)
                    try await Task.sleep(for: .milliseconds(300))
                }
            }
            let events = homeserver.events
            #expect(events.count == 2)
            let answer = try #require(events.first { $0.threadRoot == "$ask" })
            #expect(answer.body.contains("Recorded ask #1"))
            #expect(answer.content["msgtype"] as? String == "m.notice")
            let card = try #require(events.first { $0.threadRoot == nil })
            #expect(card.body.hasPrefix("Ask #1 from @alice:example.org"))
            #expect(card.idempotencyKey == "item:1:item_card")
            #expect(card.content["msgtype"] as? String == "m.text")
            #expect(card.authorization == "Bearer as-token-for-tests")
            #expect((card.content["formatted_body"] as? String)?.contains(#"<a href="https://matrix.to/#/@bob:example.org">"#) == true)
            #expect(((card.content["m.mentions"] as? [String: any Sendable])?["user_ids"] as? [String])?.contains(Self.bob) == true)
            // Matrix has no buttons: the card says what to type instead, with the room's prefix.
            #expect(card.body.contains("`!done 1`"))
            let workspace = WorkspaceRef(platform: MatrixPlatform.name, workspaceID: "example.org")
            let bob = try await store.settings(of: [ChatUserID(Self.bob)], in: workspace)[ChatUserID(Self.bob)]
            #expect(bob?.directoryTimeZoneName == "Asia/Kolkata")
        }
    }

    /// A homeserver that refuses events over its size takes the card of the longest ask, shortened, and `!show` has it all.
    @Test func aLongAsksCardIsShortenedAndShowHasItAll() async throws {
        let request = (1...500).map { "<\($0)&>" }.joined(separator: " ")
        try await withTestStore(.sqlite) { store, _ in
            let homeserver = FakeMatrixHomeserver()
            try await homeserver.run { url in
                try await runServer(store: store, homeserver: url) { client in
                    #expect(try await push(client, transaction: "1", [message("$ask", from: Self.alice, "!ask @bob:example.org \(request)")]).status == .ok)
                    try await waitUntil { homeserver.events.count >= 2 }
                    #expect(try await push(client, transaction: "2", [message("$show", from: Self.alice, "!show 1")]).status == .ok)
                    try await waitUntil { homeserver.events.contains { $0.threadRoot == "$show" } }
                }
            }
            let card = try #require(homeserver.events.first { $0.threadRoot == nil })
            #expect(card.body.contains("<1&>") && !card.body.contains("<500&>") && card.body.contains("`!show 1` has the whole ask"))
            let shown = try #require(homeserver.events.first { $0.threadRoot == "$show" })
            #expect(shown.body.contains(request))
            #expect((shown.content["formatted_body"] as? String)?.contains("&lt;500&amp;&gt;") == true)
        }
    }

    @Test func aThreadReplyAcknowledgesAndAReactionFinishes() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let homeserver = FakeMatrixHomeserver()
            try await homeserver.run { url in
                try await runServer(store: store, homeserver: url) { client in
                    _ = try await push(client, transaction: "1", [message("$ask", from: Self.alice, "!ask @bob:example.org sign off the budget")])
                    // Until the card's event id is recorded a reply under it concerns no item: on a busy machine that can
                    // come a while after the homeserver has the event.
                    try await waitUntil { try await store.post(withKey: .card(of: ItemID(1)))?.messageRef != nil }
                    let card = try #require(homeserver.events.first { $0.idempotencyKey == "item:1:item_card" })
                    // Someone else's reply in the thread is not a response from the assignee.
                    _ = try await push(client, transaction: "2", [threadReply("$carol", from: "@carol:example.org", to: card.eventID)])
                    _ = try await push(client, transaction: "3", [threadReply("$bob", from: Self.bob, to: card.eventID)])
                    try await waitUntil { homeserver.events.contains { $0.edited == card.eventID } }
                    let reaction: [String: Any] = [
                        "type": "m.reaction", "event_id": "$react", "sender": Self.bob, "room_id": Self.room,
                        "content": ["m.relates_to": ["rel_type": "m.annotation", "event_id": card.eventID, "key": "✅"]],
                    ]
                    _ = try await push(client, transaction: "4", [reaction])
                    try await waitUntil { homeserver.events.filter { $0.edited == card.eventID }.count >= 2 }
                }
            }
            let edits = homeserver.events.filter { $0.edited != nil }
            #expect(edits.count == 2)
            #expect(edits.first?.newBody?.contains("@bob:example.org acknowledged") == true)
            #expect(edits.last?.newBody?.hasPrefix("Ask #1 from @alice:example.org") == true)
            #expect(edits.last?.newBody?.contains("Done") == true)
            #expect(edits.last?.body.hasPrefix("* ") == true)
            let item = try await store.item(ItemID(1), in: WorkspaceRef(platform: MatrixPlatform.name, workspaceID: "example.org"))
            #expect(item?.status == .done)
        }
    }

    @Test func joinsARoomWhenInvited() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let homeserver = FakeMatrixHomeserver()
            try await homeserver.run { url in
                try await runServer(store: store, homeserver: url) { client in
                    let invite: [String: Any] = [
                        "type": "m.room.member", "state_key": Self.bot.rawValue, "event_id": "$invite", "sender": Self.alice,
                        "room_id": "!new:example.org", "content": ["membership": "invite"],
                    ]
                    let someoneElse: [String: Any] = [
                        "type": "m.room.member", "state_key": Self.bob, "event_id": "$invite2", "sender": Self.alice,
                        "room_id": "!other:example.org", "content": ["membership": "invite"],
                    ]
                    let response = try await push(client, transaction: "1", [invite, someoneElse])
                    #expect(response.status == .ok)
                }
            }
            #expect(homeserver.joins == ["!new:example.org"])
        }
    }

    @Test func postsToAPersonInTheirDirectRoomMadeOnce() async throws {
        let homeserver = FakeMatrixHomeserver()
        try await homeserver.run { url in
            let matrix = MatrixClient(homeserverURL: url, accessToken: "as", bot: Self.bot, commandPrefix: "!", http: NIOHTTPClient(timeout: .seconds(5)))
            let person = ChatChannel(platform: MatrixPlatform.name, workspaceID: "example.org", channelID: Self.bob)
            let message = ChatMessage(fallbackText: "Reminder", blocks: [.section("Reminder: ask #1 is due soon")])
            let first = try await matrix.post(message, to: person, inThreadOf: nil, idempotencyKey: "item:1:@bob:reminder:dm")
            _ = try await matrix.post(message, to: person, inThreadOf: nil, idempotencyKey: "item:1:@bob:overdue:dm")
            // A repeated attempt is the same transaction: the homeserver answers with the event it made.
            #expect(try await matrix.post(message, to: person, inThreadOf: nil, idempotencyKey: "item:1:@bob:reminder:dm") == first)
            // Another process finds the room in the bot's m.direct account data, and the post by its key.
            let another = MatrixClient(homeserverURL: url, accessToken: "as", bot: Self.bot, commandPrefix: "!", http: NIOHTTPClient(timeout: .seconds(5)))
            let found = try await another.findPost(
                idempotencyKey: "item:1:@bob:reminder:dm", in: person, inThreadOf: nil, since: Date().addingTimeInterval(-60))
            #expect(found == first)
            // A ✅ in that room by bob is about a post made to him; by anyone else, or elsewhere, it stays as it was.
            let check = ChatEvent.doneReaction(
                channel: ChatChannel(platform: MatrixPlatform.name, workspaceID: "example.org", channelID: "!direct1"), messageRef: first,
                user: ChatUserID(Self.bob))
            #expect(await another.addressingDirectRoom(check) == .doneReaction(channel: person, messageRef: first, user: ChatUserID(Self.bob)))
            let elsewhere = ChatEvent.doneReaction(
                channel: ChatChannel(platform: MatrixPlatform.name, workspaceID: "example.org", channelID: Self.room), messageRef: first,
                user: ChatUserID(Self.bob))
            #expect(await another.addressingDirectRoom(elsewhere) == elsewhere)
        }
        #expect(homeserver.createdRooms.count == 1)
        #expect(homeserver.createdRooms.first?.invite == [Self.bob])
        #expect(homeserver.events.count == 2)
        #expect(homeserver.events.allSatisfy { $0.room == "!direct1" })
    }
}

extension MatrixFlowTests {
    @Test func countsTransactionsAndEventsItCannotReadAndAnswersThemAsBefore() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let homeserver = FakeMatrixHomeserver()
            try await homeserver.run { url in
                try await runServer(store: store, homeserver: url) { client in
                    let empty = try await client.execute(
                        uri: "/_matrix/app/v1/transactions/1", method: .put,
                        headers: [.contentType: "application/json", .authorization: "Bearer \(Self.homeserverToken)"], body: ByteBuffer(string: "{}"))
                    #expect(empty.status == .badRequest)
                    #expect(matrixError(empty) == "M_NOT_JSON")
                    // An event without a sender is skipped; the ask beside it is still recorded.
                    var anonymous = message("$anonymous", from: Self.alice, "!inbox")
                    anonymous["sender"] = nil
                    let ask = message("$ask", from: Self.alice, "!ask @bob:example.org review the plan")
                    #expect(try await push(client, transaction: "2", [anonymous, ask]).status == .ok)
                    try await waitUntil { homeserver.events.count >= 2 }
                    let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                    #expect(text.contains(#"unhurried_inbound_undecodable_total{platform="matrix",reason="missing_field:events"} 1"#))
                    #expect(text.contains(#"unhurried_inbound_undecodable_total{platform="matrix",reason="missing_field:events[].sender"} 1"#))
                }
            }
            let workspace = WorkspaceRef(platform: MatrixPlatform.name, workspaceID: "example.org")
            #expect(try await store.item(ItemID(1), in: workspace)?.request == "review the plan")
        }
    }

    /// ⏳ on a person's message in a thread, from two people, one transaction delivered twice: one ask for the people its
    /// pills mention, with the card in that thread; a message that mentions nobody gets the reactor a word in their DM.
    @Test func theTrackReactionOnAMessageMakesOneAskInItsThread() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let homeserver = FakeMatrixHomeserver()
            homeserver.write("$plan", in: Self.room, by: Self.alice, content: [
                "msgtype": "m.text", "body": "bob: can you check the plan? by friday",
                "format": "org.matrix.custom.html",
                "formatted_body": #"<a href="https://matrix.to/#/@bob:example.org">bob</a>: can you check the plan? by friday"#,
                "m.relates_to": ["rel_type": "m.thread", "event_id": "$root"] as [String: any Sendable],
            ])
            homeserver.write("$open", in: Self.room, by: Self.alice, content: ["msgtype": "m.text", "body": "who can check the plan?"])
            @Sendable func react(_ eventID: String, by sender: String, on target: String, key: String = "⏳") -> [String: Any] {
                ["type": "m.reaction", "event_id": eventID, "sender": sender, "room_id": Self.room,
                 "content": ["m.relates_to": ["rel_type": "m.annotation", "event_id": target, "key": key]]]
            }
            try await homeserver.run { url in
                try await runServer(store: store, homeserver: url) { client in
                    _ = try await push(client, transaction: "1", [react("$r1", by: "@carol:example.org", on: "$plan"), react("$r2", by: Self.bob, on: "$plan")])
                    _ = try await push(client, transaction: "1", [react("$r1", by: "@carol:example.org", on: "$plan"), react("$r2", by: Self.bob, on: "$plan")])
                    _ = try await push(client, transaction: "2", [react("$r3", by: "@carol:example.org", on: "$open", key: "⏳\u{FE0F}")])
                    try await waitUntil {
                        homeserver.events.contains { $0.idempotencyKey == "item:1:item_card" } && homeserver.events.filter { $0.room != Self.room }.count >= 2
                    }
                }
            }
            let item = try #require(try await store.item(ItemID(1), in: WorkspaceRef(platform: MatrixPlatform.name, workspaceID: "example.org")))
            #expect(try await store.item(ItemID(2), in: WorkspaceRef(platform: MatrixPlatform.name, workspaceID: "example.org")) == nil)
            #expect(item.author == ChatUserID("@carol:example.org"))
            #expect(item.assignments.map(\.assignee) == [ChatUserID(Self.bob)])
            #expect(item.origin == ItemOrigin(messageRef: "$plan", threadRef: "$root"))
            let cards = homeserver.events.filter { $0.idempotencyKey == "item:1:item_card" }
            #expect(cards.count == 1)
            #expect(cards.first?.threadRoot == "$root")
            #expect(cards.first?.body.contains("https://matrix.to/#/%21team%3Aexample.org/%24plan") == true)
            let privately = homeserver.events.filter { $0.room != Self.room }.map(\.body)
            #expect(privately.contains { $0.contains("mentions nobody") })
            #expect(privately.contains { $0.contains("already tracked as ask") })
        }
    }
}
