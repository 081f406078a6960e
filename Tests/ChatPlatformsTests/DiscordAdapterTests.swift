import ChatPlatformKit
import ChatPlatforms
import Crypto
import Foundation
import Testing
import UnhurriedCore

/// Discord's interactions: their signature, what Unhurried reads of them, and the messages and commands it writes.
@Suite struct DiscordAdapterTests {
    // The self-generated vector of platforms.md §9.3 (Discord publishes none).
    static let publicKey = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"
    static let signature = "c1098e97d711377f30225d53d94b89d43537f92e5b3afaddc590781b1f9f9d4b2eeab335d370be3b9a090bc61a85b86448bc140dcd195f1569c2bff181257607"
    static let signedAt = Date(timeIntervalSince1970: 1_700_000_000)
    static let guild = "1200000000000000002"

    private let verifier = DiscordRequestVerifier(publicKey: DiscordSettings.publicKey(hex: publicKey)!)

    @Test func acceptsTheVectorAndRefusesAnyChangeToIt() throws {
        try verifier.verify(body: Array(#"{"type":1}"#.utf8), timestamp: "1700000000", signature: Self.signature, now: Self.signedAt)
        #expect(throws: SignedRequestFailure.signatureMismatch) {
            try verifier.verify(body: Array(#"{"type":2}"#.utf8), timestamp: "1700000000", signature: Self.signature, now: Self.signedAt)
        }
        #expect(throws: SignedRequestFailure.signatureMismatch) {
            try verifier.verify(body: Array(#"{"type":1}"#.utf8), timestamp: "1700000001", signature: Self.signature, now: Self.signedAt)
        }
        let flipped = String(Self.signature.dropLast()) + "6"
        #expect(throws: SignedRequestFailure.signatureMismatch) {
            try verifier.verify(body: Array(#"{"type":1}"#.utf8), timestamp: "1700000000", signature: flipped, now: Self.signedAt)
        }
    }

    @Test func refusesStaleMissingAndMalformedSignatures() {
        let body = Array(#"{"type":1}"#.utf8)
        #expect(throws: SignedRequestFailure.outsideReplayWindow) {
            try verifier.verify(body: body, timestamp: "1700000000", signature: Self.signature, now: Self.signedAt.addingTimeInterval(301))
        }
        #expect(throws: SignedRequestFailure.missingHeaders) {
            try verifier.verify(body: body, timestamp: nil, signature: Self.signature, now: Self.signedAt)
        }
        #expect(throws: SignedRequestFailure.malformedTimestamp) {
            try verifier.verify(body: body, timestamp: "soon", signature: Self.signature, now: Self.signedAt)
        }
        #expect(throws: SignedRequestFailure.malformedSignature) {
            try verifier.verify(body: body, timestamp: "1700000000", signature: String(Self.signature.dropLast(2)), now: Self.signedAt)
        }
    }

    /// A key made here signs as Discord does: over the timestamp and the body, nothing between.
    @Test func acceptsWhatTheApplicationsKeySignedOverTimestampAndBody() throws {
        let key = Curve25519.Signing.PrivateKey()
        let verifier = DiscordRequestVerifier(publicKey: key.publicKey)
        let body = Array(#"{"type":2,"data":{"name":"inbox"}}"#.utf8)
        let signature = Hex.string(try key.signature(for: Array("1700000000".utf8) + body))
        try verifier.verify(body: body, timestamp: "1700000000", signature: signature, now: Self.signedAt)
        #expect(throws: SignedRequestFailure.signatureMismatch) {
            try verifier.verify(body: body, timestamp: "1700000000", signature: Self.signature, now: Self.signedAt)
        }
    }

    @Test func settingsNameWhatIsWrongWithTheirVariables() {
        let good = ["DISCORD_APPLICATION_ID": "1100000000000000001", "DISCORD_PUBLIC_KEY": Self.publicKey, "DISCORD_BOT_TOKEN": "token"]
        #expect((try? DiscordSettings(environment: good))?.apiURL == DiscordSettings.defaultAPIURL)
        var badKey = good
        badKey["DISCORD_PUBLIC_KEY"] = "not-hex"
        #expect(throws: ConfigurationError.self) { try DiscordSettings(environment: badKey) }
        var badID = good
        badID["DISCORD_APPLICATION_ID"] = "my-app"
        #expect(throws: ConfigurationError.self) { try DiscordSettings(environment: badID) }
    }

    @Test func readsACommandShapedAsTheDocsShowIt() throws {
        let url = try #require(Bundle.module.url(forResource: "discord-command-interaction", withExtension: "json", subdirectory: "Fixtures"))
        guard case .command(let command, let token) = try DiscordInteraction.reading(json: try Data(contentsOf: url)) else {
            Issue.record("not read as a command")
            return
        }
        #expect(token == "aW50ZXJhY3Rpb246MTYwMDAwMDAwMDAwMDAwMDAwNjpleGFtcGxl")
        #expect(command.commandName == "ask")
        #expect(command.speaker == ChatUserID("1700000000000000007"))
        #expect(command.channel == ChatChannel(platform: "discord", workspaceID: Self.guild, channelID: "1300000000000000003"))
        #expect(command.tokens.prefix(3) == [
            .mention(ChatUserID("1500000000000000005")), .word("review"), .link(Link(url: "https://example.com/q3-brief")),
        ])
        #expect(command.tokens.last == .word("!urgent"))
    }

    @Test func readsPingsPressesAndWhatIsNotUnhurrieds() throws {
        guard case .ping = try DiscordInteraction.reading(json: Data(#"{"type":1,"id":"1"}"#.utf8)) else { Issue.record("no ping"); return }
        let custom = DiscordButton(kind: .done, itemID: ItemID(42), guildID: Self.guild).customID
        let press = #"{"type":3,"id":"9","guild_id":"\#(Self.guild)","channel_id":"13","member":{"user":{"id":"15"}},"data":{"custom_id":"\#(custom)","component_type":2}}"#
        guard case .press(let pressed) = try DiscordInteraction.reading(json: Data(press.utf8)) else { Issue.record("no press"); return }
        #expect(pressed == ItemButtonPress(
            action: .done, itemID: ItemID(42), user: ChatUserID("15"), workspace: WorkspaceRef(platform: "discord", workspaceID: Self.guild),
            channel: ChatChannel(platform: "discord", workspaceID: Self.guild, channelID: "13"), pressRef: "9"))
        // A press in a direct message (a reminder sent there) names the person as `user`, and its server by the button.
        let direct = #"{"type":3,"id":"10","channel_id":"77","user":{"id":"15"},"data":{"custom_id":"\#(custom)"}}"#
        guard case .press(let inDirect) = try DiscordInteraction.reading(json: Data(direct.utf8)) else { Issue.record("no press"); return }
        #expect(inDirect.workspace.workspaceID == Self.guild)
        #expect(inDirect.channel == ChatChannel(platform: "discord", workspaceID: Self.guild, channelID: "15"))
        // A button of one server's message pressed in another server's channel is not one Unhurried rendered there.
        let elsewhere = #"{"type":3,"id":"11","guild_id":"99","channel_id":"13","member":{"user":{"id":"15"}},"data":{"custom_id":"\#(custom)"}}"#
        guard case .other = try DiscordInteraction.reading(json: Data(elsewhere.utf8)) else { Issue.record("another server's press read"); return }
        let foreign = #"{"type":3,"id":"9","guild_id":"1","channel_id":"13","member":{"user":{"id":"15"}},"data":{"custom_id":"vote:yes"}}"#
        guard case .other = try DiscordInteraction.reading(json: Data(foreign.utf8)) else { Issue.record("a foreign button was read"); return }
        let outside = #"{"type":2,"id":"9","channel_id":"13","token":"t","user":{"id":"15"},"data":{"name":"inbox"}}"#
        guard case .outsideAServer = try DiscordInteraction.reading(json: Data(outside.utf8)) else { Issue.record("read outside a server"); return }
        #expect(throws: UndecodablePayload.missingField("member.user.id")) {
            try DiscordInteraction.reading(json: Data(#"{"type":2,"guild_id":"1","channel_id":"2","token":"t","data":{"name":"inbox"}}"#.utf8))
        }
        #expect(throws: UndecodablePayload.self) { try DiscordInteraction.reading(json: Data("[]".utf8)) }
    }

    @Test func splitsTextIntoMentionsLinksAndWords() {
        #expect(DiscordText.tokens(from: "<@!42> and <@43>, see <https://x.org/a> or https://y.org <#5> <@&7> <t:1700000000:R> <@bob>") == [
            .mention(ChatUserID("42")), .word("and"), .mention(ChatUserID("43")), .word(","), .word("see"), .link(Link(url: "https://x.org/a")),
            .word("or"), .word("https://y.org"), .word("<#5>"), .word("<@&7>"), .word("<t:1700000000:R>"), .word("<@bob>"),
        ])
    }

    @Test func buttonIdsRoundTripWithinDiscordsLength() {
        for kind in MessageAction.Kind.allCases where kind != .snoozeUntil {
            let button = DiscordButton(kind: kind, itemID: ItemID(Int64.max), guildID: "18446744073709551615")
            #expect(button.customID.count <= 100)
            #expect(DiscordButton(customID: button.customID) == button)
        }
        #expect(DiscordButton(customID: "unhurried:snooze_until:1:2") == nil)
        #expect(DiscordButton(customID: "unhurried:done:1:guild") == nil)
        #expect(DiscordButton(customID: "unhurried:done:0:2") == nil)
    }

    private func json(_ value: JSONValue) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: value.encoded()) as? [String: Any])
    }

    private func card(_ text: String, id: Int64 = 3) -> ChatMessage {
        var message = ChatMessage(fallbackText: "Ask", blocks: [
            .section(RichText([.bold("Ask #\(id)"), .text(" from "), .user(ChatUserID("1")), .text(" to "), .user(ChatUserID("2")),
                               .text(" and "), .user(ChatUserID("3")), .text(", due "), .time(Date(timeIntervalSince1970: 1_700_000_000)),
                               .lineBreak, .text(text), .text(" "), .link(Link(url: "https://example.com/plan", label: "the plan"))])),
            .context(RichText([.text("ask #\(id) · "), .command("show \(id)")])),
            .actions([MessageAction(kind: .acknowledge, itemID: ItemID(id), label: "Acknowledge", isPrimary: true),
                      MessageAction(kind: .done, itemID: ItemID(id), label: "Done"),
                      MessageAction(kind: .snoozeHour, itemID: ItemID(id), label: "Snooze 1 hour"),
                      MessageAction(kind: .snoozeUntil, itemID: ItemID(id), label: "Snooze until…")]),
        ])
        message.namedOnly = [ChatUserID("3")]
        return message
    }

    @Test func aPostCallsOnlyThePeopleItCallsAndCarriesItsButtonsAndNonce() throws {
        let nonce = DiscordMessageRenderer.nonce(of: "item:3:follow_up:reminder-1:2026-12-07T09:00:00Z:dm")
        #expect(nonce.count == 25)
        let body = try json(DiscordMessageRenderer.post(card("**bold** @everyone <@9> # not a heading\n# heading\n- item e-mail"), guildID: Self.guild, nonce: nonce, replyingTo: "55"))
        let content = try #require(body["content"] as? String)
        #expect(content.hasPrefix("**Ask #3** from <@1> to <@2> and <@3>, due <t:1700000000:f>\n"))
        #expect(content.contains(##"\*\*bold\*\* @everyone \<@9> # not a heading\##n\# heading\##n\- item e-mail [the plan (example.com)](<https://example.com/plan>)"##))
        #expect(content.contains("\n-# ask #3 · `/show 3`"))
        // A web address keeps no markup inside it, and a number cannot start a list.
        let tricky = try json(DiscordMessageRenderer.edit(card("https://x.example/<@&1>/<t:1:R> ok\n1. not a list"), guildID: Self.guild))
        let trickyContent = try #require(tricky["content"] as? String)
        #expect(trickyContent.contains("https://x.example/%3C@&1%3E/%3Ct:1:R%3E ok\n1\\. not a list"))
        let mentions = try #require(body["allowed_mentions"] as? [String: Any])
        #expect(mentions["parse"] as? [String] == [])
        #expect(mentions["users"] as? [String] == ["1", "2"])
        #expect(body["nonce"] as? String == nonce)
        #expect(body["enforce_nonce"] as? Bool == true)
        #expect((body["message_reference"] as? [String: Any])?["message_id"] as? String == "55")
        let rows = try #require(body["components"] as? [[String: Any]])
        let buttons = try #require(rows.first?["components"] as? [[String: Any]])
        // No picker for an instant: `/snooze` is the way.
        #expect(buttons.map { $0["label"] as? String } == ["Acknowledge", "Done", "Snooze 1 hour"])
        #expect(buttons.map { $0["style"] as? Int } == [1, 2, 2])
        #expect(buttons[1]["custom_id"] as? String == "unhurried:done:3:\(Self.guild)")
    }

    @Test func anAnswerIsEphemeralCallsNobodyAndHasNoButtons() throws {
        let answer = try json(DiscordMessageRenderer.ephemeralAnswer(card("review")))
        #expect(answer["type"] as? Int == 4)
        let data = try #require(answer["data"] as? [String: Any])
        #expect(data["flags"] as? Int == 64)
        #expect((data["allowed_mentions"] as? [String: Any])?["users"] as? [String] == [])
        #expect((data["components"] as? [Any])?.isEmpty == true)
        #expect((data["content"] as? String)?.contains("`/ack 3` to acknowledge") == true)
    }

    @Test func aLongPostIsCutToDiscordsLimitWithItsButtonsKept() throws {
        let body = try json(DiscordMessageRenderer.edit(card(String(repeating: "word_with*marks ", count: 400)), guildID: Self.guild))
        let content = try #require(body["content"] as? String)
        #expect(content.utf16.count <= 2_000)
        #expect(content.contains("…"))
        #expect((body["components"] as? [Any])?.count == 1)
    }

    /// Five rows of buttons at most: a message about more items says what to type for the rest.
    @Test func aDailyNudgeAboutManyAsksKeepsToFiveRows() throws {
        let blocks = (1...7).flatMap { id -> [MessageBlock] in
            [.section(RichText([.text("ask \(id)")])), .actions([MessageAction(kind: .done, itemID: ItemID(Int64(id)), label: "Done")])]
        }
        let body = try json(DiscordMessageRenderer.post(ChatMessage(fallbackText: "Nudge", blocks: blocks), guildID: Self.guild, nonce: nil, replyingTo: nil))
        let rows = try #require(body["components"] as? [[String: Any]])
        #expect(rows.count == 5)
        #expect((rows[0]["components"] as? [[String: Any]])?.first?["label"] as? String == "Done (#1)")
        let content = try #require(body["content"] as? String)
        #expect(content.contains("`/done 6` when done") && content.contains("`/done 7` when done") && !content.contains("`/done 5`"))
        #expect(body["nonce"] == nil)
    }

    /// A block with no action Discord shows as a button gets no row, and says what to type; the next block's row is
    /// still its own, and says nothing more.
    @Test func aBlockWithoutButtonsSaysWhatToTypeAndLeavesTheRowsToTheOthers() throws {
        let message = ChatMessage(fallbackText: "Two", blocks: [
            .section("ask 1"), .actions([MessageAction(kind: .snoozeUntil, itemID: ItemID(1), label: "Snooze until…")]),
            .section("ask 2"), .actions([MessageAction(kind: .done, itemID: ItemID(2), label: "Done")]),
        ])
        let body = try json(DiscordMessageRenderer.post(message, guildID: Self.guild, nonce: nil, replyingTo: nil))
        #expect((body["components"] as? [Any])?.count == 1)
        let content = try #require(body["content"] as? String)
        #expect(content.contains("`/snooze 1 1h`") && !content.contains("`/done 2`"))
    }

    @Test func everyVerbIsACommandDiscordTakes() throws {
        let commands = try #require(try JSONSerialization.jsonObject(with: DiscordCommandList.json.encoded()) as? [[String: Any]])
        #expect(commands.map { $0["name"] as? String } == Verb.allCases.map(\.rawValue))
        #expect(commands.count <= 100)
        for command in commands {
            let name = try #require(command["name"] as? String)
            #expect(name.range(of: #"^[-_'\p{Ll}\p{N}]{1,32}$"#, options: .regularExpression) != nil, "\(name)")
            #expect((1...100).contains((command["description"] as? String)?.count ?? 0), "\(name)")
            for option in command["options"] as? [[String: Any]] ?? [] {
                #expect(option["name"] as? String == "text")
                #expect((1...100).contains((option["description"] as? String)?.count ?? 0), "\(name)")
            }
        }
        let ask = try #require(commands.first { $0["name"] as? String == "ask" }?["options"] as? [[String: Any]])
        #expect(ask.first?["required"] as? Bool == true)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("manifests/discord-commands.json"), encoding: .utf8)
        #expect(committed == DiscordCommandList.prettyPrinted, "manifests/discord-commands.json is what `unhurried discord-commands` prints")
    }

    private func gateway(_ json: String) throws -> DiscordGatewayMessage {
        try JSONDecoder().decode(DiscordGatewayMessage.self, from: Data(json.utf8))
    }

    @Test func readsTheGatewaysHelloReadyAndHeartbeats() throws {
        guard case .hello(let interval) = try gateway(#"{"t":null,"s":null,"op":10,"d":{"heartbeat_interval":41250,"_trace":["gateway-prd"]}}"#).payload
        else { Issue.record("no hello"); return }
        #expect(interval == .milliseconds(41_250))
        let ready = try gateway(#"""
            {"t":"READY","s":1,"op":0,"d":{"v":10,"user":{"id":"1100000000000000001","username":"unhurried","bot":true},
            "guilds":[{"id":"1200000000000000002","unavailable":true}],"session_id":"abc","resume_gateway_url":"wss://gateway-us-east1-b.discord.gg",
            "application":{"id":"1100000000000000001","flags":0}}}
            """#)
        #expect(ready.sequence == 1)
        guard case .ready(let session) = ready.payload else { Issue.record("no ready"); return }
        #expect(session.sessionID == "abc" && session.user.id == "1100000000000000001" && session.guilds?.map(\.id) == ["1200000000000000002"])
        guard case .heartbeatAcknowledged = try gateway(#"{"op":11}"#).payload else { Issue.record("no acknowledgement"); return }
        guard case .invalidSession(resumable: false) = try gateway(#"{"op":9,"d":false}"#).payload else { Issue.record("no invalid session"); return }
        guard case .other = try gateway(#"{"op":0,"s":5,"t":"TYPING_START","d":{"user_id":"1"}}"#).payload else { Issue.record("typing read"); return }
    }

    @Test func aReplyToTheBotsMessageIsAThreadReplyAndADirectMessageGoesToEachServer() throws {
        let reply = try gateway(#"""
            {"op":0,"s":7,"t":"MESSAGE_CREATE","d":{"id":"51","channel_id":"13","guild_id":"12","type":19,"content":"QA starts Monday",
            "author":{"id":"15","username":"bob","global_name":"Bob"},"member":{"roles":[]},"mentions":[],
            "message_reference":{"type":0,"message_id":"50","channel_id":"13","guild_id":"12"}}}
            """#)
        let events = try #require(DiscordEvent.chatEvents(of: reply.payload, botID: "11", guilds: ["12"]))
        #expect(events.eventID == "message:51")
        #expect(events.events == [.threadReply(
            channel: ChatChannel(platform: "discord", workspaceID: "12", channelID: "13"), parentRef: "50", user: ChatUserID("15"), text: "QA starts Monday")])

        let direct = try gateway(#"""
            {"op":0,"s":8,"t":"MESSAGE_CREATE","d":{"id":"52","channel_id":"77","type":0,"content":"shipped the fix","author":{"id":"15"}}}
            """#)
        let answers = try #require(DiscordEvent.chatEvents(of: direct.payload, botID: "11", guilds: ["12", "20"]))
        #expect(answers.events == ["12", "20"].map {
            .directMessage(channel: ChatChannel(platform: "discord", workspaceID: $0, channelID: "15"), user: ChatUserID("15"), text: "shipped the fix",
                           messageRef: "52", threadRef: nil)
        })

        // Not people's answers: the bot's own post, another bot's, a webhook's, and a message that replies to nothing.
        for json in [
            #"{"op":0,"t":"MESSAGE_CREATE","d":{"id":"53","channel_id":"13","guild_id":"12","author":{"id":"11","bot":true},"message_reference":{"message_id":"50"}}}"#,
            #"{"op":0,"t":"MESSAGE_CREATE","d":{"id":"54","channel_id":"13","guild_id":"12","author":{"id":"30","bot":true},"message_reference":{"message_id":"50"}}}"#,
            #"{"op":0,"t":"MESSAGE_CREATE","d":{"id":"55","channel_id":"13","guild_id":"12","webhook_id":"9","author":{"id":"9"},"message_reference":{"message_id":"50"}}}"#,
            #"{"op":0,"t":"MESSAGE_CREATE","d":{"id":"56","channel_id":"13","guild_id":"12","author":{"id":"15"},"content":"lunch?"}}"#,
            // A pin's notice names the pinned card as its reference, and its author is whoever pinned it.
            #"{"op":0,"t":"MESSAGE_CREATE","d":{"id":"57","type":6,"channel_id":"13","guild_id":"12","author":{"id":"15"},"message_reference":{"message_id":"50"}}}"#,
            // A forward of the card elsewhere is no answer either.
            #"{"op":0,"t":"MESSAGE_CREATE","d":{"id":"58","type":0,"channel_id":"13","guild_id":"12","author":{"id":"15"},"message_reference":{"type":1,"message_id":"50"}}}"#,
        ] {
            #expect(DiscordEvent.chatEvents(of: try gateway(json).payload, botID: "11", guilds: ["12"]) == nil, "\(json)")
        }
    }

    @Test func aCheckMarkFinishesAndOtherReactionsDoNot() throws {
        let check = try gateway(#"""
            {"op":0,"s":9,"t":"MESSAGE_REACTION_ADD","d":{"user_id":"15","type":0,"message_id":"50","channel_id":"13","guild_id":"12",
            "emoji":{"id":null,"name":"✅"},"burst":false}}
            """#)
        let events = try #require(DiscordEvent.chatEvents(of: check.payload, botID: "11", guilds: ["12"]))
        #expect(events.eventID == "reaction:50:15")
        #expect(events.events == [.doneReaction(channel: ChatChannel(platform: "discord", workspaceID: "12", channelID: "13"), messageRef: "50", user: ChatUserID("15"))])
        let inDirect = try gateway(#"{"op":0,"t":"MESSAGE_REACTION_ADD","d":{"user_id":"15","message_id":"60","channel_id":"77","emoji":{"name":"☑️"}}}"#)
        #expect(DiscordEvent.chatEvents(of: inDirect.payload, botID: "11", guilds: ["12"])?.events == [
            .doneReaction(channel: ChatChannel(platform: "discord", workspaceID: "12", channelID: "15"), messageRef: "60", user: ChatUserID("15")),
        ])
        let eyes = try gateway(#"{"op":0,"t":"MESSAGE_REACTION_ADD","d":{"user_id":"15","message_id":"50","channel_id":"13","guild_id":"12","emoji":{"name":"👀"}}}"#)
        #expect(DiscordEvent.chatEvents(of: eyes.payload, botID: "11", guilds: ["12"]) == nil)
        let custom = try gateway(#"{"op":0,"t":"MESSAGE_REACTION_ADD","d":{"user_id":"15","message_id":"50","channel_id":"13","guild_id":"12","emoji":{"id":"42","name":"done"}}}"#)
        #expect(DiscordEvent.chatEvents(of: custom.payload, botID: "11", guilds: ["12"]) == nil)
    }
}
