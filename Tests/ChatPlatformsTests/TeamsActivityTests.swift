import ChatPlatformKit
@testable import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

/// Reading what Teams posts to the messaging endpoint: who is mentioned (by entity, never by markup), threads in
/// channels, commands and other words in the bot's own chat, reactions, card presses and installs.
@Suite struct TeamsActivityTests {
    static let bot = "28:5b1e7f0a-7e57-4b07-9a11-0123456789ab"
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let channel = "19:general@thread.tacv2"

    private func activity(
        _ type: String = "message", id: String? = "1000", conversation: String = "\(channel);messageid=1000", conversationType: String = "channel",
        text: String? = nil, mentions: [(id: String, name: String, text: String?)] = [], more: [String: Any] = [:]
    ) -> [String: Any] {
        var json: [String: Any] = [
            "type": type, "serviceUrl": "https://smba.trafficmanager.net/emea/", "channelId": "msteams",
            "from": ["id": "29:1alice", "name": "Alice Jones"], "recipient": ["id": Self.bot, "name": "Unhurried"],
            "conversation": ["id": conversation, "conversationType": conversationType, "tenantId": Self.tenant],
            "entities": mentions.map { mention -> [String: Any] in
                var entity: [String: Any] = ["type": "mention", "mentioned": ["id": mention.id, "name": mention.name]]
                entity["text"] = mention.text
                return entity
            },
        ]
        json["id"] = id
        json["text"] = text
        return json.merging(more) { _, new in new }
    }

    private func read(_ json: [String: Any], policy: ResponsePolicy = .builtIn) throws -> TeamsActivity {
        try TeamsActivity(decoding: try JSONSerialization.data(withJSONObject: json), bot: Self.bot, policy: policy)
    }

    private func events(_ json: [String: Any], policy: ResponsePolicy = .builtIn) throws -> [ChatEvent] {
        guard case .events(let events) = try read(json, policy: policy).reading else { return [] }
        return events.map(\.event)
    }

    private var place: ChatChannel { ChatChannel(platform: "teams", workspaceID: Self.tenant, channelID: Self.channel) }

    @Test func aMessageMentioningTheBotFirstIsACommandWithTheOtherMentionsAsPeople() throws {
        let json = activity(
            text: "<at>Unhurried</at> ask <at>Bob Smith</at> review https://example.com/plan — ok?\r\n",
            mentions: [(Self.bot, "Unhurried", "<at>Unhurried</at>"), ("29:1bob", "Bob Smith", "<at>Bob Smith</at>")])
        #expect(try events(json) == [.mention(
            channel: place, user: ChatUserID("29:1alice"),
            tokens: [.word("ask"), .mention(ChatUserID("29:1bob")), .word("review"), .link(Link(url: "https://example.com/plan")), .word("—"), .word("ok?")],
            messageRef: "1000", threadRef: nil)])
    }

    @Test func whoIsMentionedComesFromEntitiesNotFromMarkupAnyoneCanType() throws {
        let typed = activity(
            text: "<at>Unhurried</at> ask <at>Bob Smith</at> now", mentions: [(Self.bot, "Unhurried", "<at>Unhurried</at>")])
        guard case .mention(_, _, let tokens, _, _)? = try events(typed).first else { Issue.record("not a command"); return }
        #expect(!tokens.contains { if case .mention = $0 { true } else { false } })
        // An entity whose text differs from the name (`@` inside the tag) is found by its own text; one without text
        // by the name in the tag.
        let written = activity(
            text: "<at>@Unhurried</at> ask <at>Bob Smith</at> now",
            mentions: [(Self.bot, "Unhurried", "<at>@Unhurried</at>"), ("29:1bob", "Bob Smith", nil)])
        guard case .mention(_, _, let found, _, _)? = try events(written).first else { Issue.record("not a command"); return }
        #expect(found == [.word("ask"), .mention(ChatUserID("29:1bob")), .word("now")])
    }

    @Test func aTypedMarkerIsNoMention() {
        let tokens = TeamsText.tokens(text: "ask \u{E000}0\u{E001} <at>Bob</at>", mentions: [("<at>Bob</at>", ChatUserID("29:1bob"))])
        #expect(tokens == [.word("ask"), .word("0"), .mention(ChatUserID("29:1bob"))])
    }

    @Test func readsRichTextAsTheWordsPeopleSee() {
        #expect(TeamsText.plainText("<p>a &lt;b&gt; &amp; c</p><br/>d &nbsp;e") == " a <b> & c  d  e")
        #expect(TeamsText.plainText("x < y and 3<4") == "x < y and 3<4")
        #expect(TeamsText.markdown("**bold** [link](x) <at>Bob</at>") == "\\*\\*bold\\*\\* \\[link\\](x) <\u{200B}at>Bob</at>")
    }

    @Test func aReplyInAThreadIsAReplyToItsFirstMessage() throws {
        let reply = activity(id: "2000", conversation: "\(Self.channel);messageid=1000", text: "On it")
        #expect(try events(reply) == [.threadReply(channel: place, parentRef: "1000", user: ChatUserID("29:1alice"), text: "On it")])
        // A command in a thread is answered in that thread.
        let command = activity(
            id: "2001", conversation: "\(Self.channel);messageid=1000", text: "<at>Unhurried</at> inbox",
            mentions: [(Self.bot, "Unhurried", "<at>Unhurried</at>")])
        #expect(try events(command) == [.mention(
            channel: place, user: ChatUserID("29:1alice"), tokens: [.word("inbox")], messageRef: "2001", threadRef: "1000")])
        // A new post that does not address the bot is none of its business.
        #expect(try events(activity(text: "lunch?")).isEmpty)
    }

    @Test func inItsOwnChatTheBotTakesCommandsAndKeepsOtherWordsAsAnswers() throws {
        let chat = ChatChannel(platform: "teams", workspaceID: Self.tenant, channelID: "29:1alice")
        func personal(_ text: String) throws -> [ChatEvent] {
            try events(activity(id: "3000", conversation: "a:1xyz", conversationType: "personal", text: text))
        }
        #expect(try personal("inbox") == [.mention(channel: chat, user: ChatUserID("29:1alice"), tokens: [.word("inbox")], messageRef: "3000", threadRef: nil)])
        let addressed = try events(activity(
            id: "3000", conversation: "a:1xyz", conversationType: "personal", text: "<at>Unhurried</at> inbox",
            mentions: [(Self.bot, "Unhurried", "<at>Unhurried</at>")]))
        #expect(addressed == (try personal("inbox")))
        #expect(try personal("snooze 4 blah").count == 1)
        guard case .mention? = try personal("snooze 4 blah").first else { Issue.record("a short mistyped command is answered"); return }
        #expect(try personal("Done with the review and shipped the fix") == [.directMessage(
            channel: chat, user: ChatUserID("29:1alice"), text: "Done with the review and shipped the fix", messageRef: "3000", threadRef: nil)])
        let reading = try read(activity(id: "3000", conversation: "a:1xyz", conversationType: "personal", text: "inbox"))
        #expect(reading.reference == TeamsConversationReference(
            serviceURL: "https://smba.trafficmanager.net/emea/", conversationID: "a:1xyz", conversationType: "personal"))
    }

    @Test func thePolicysReactionFinishesAPartAndOthersAreIgnored() throws {
        let like = activity("messageReaction", id: "r1", more: ["reactionsAdded": [["type": "like"]], "replyToId": "1500"])
        #expect(try events(like) == [.doneReaction(channel: place, messageRef: "1500", user: ChatUserID("29:1alice"))])
        var hearts = ResponsePolicy.builtIn
        hearts.teamsDoneReaction = "heart"
        #expect(try events(like, policy: hearts).isEmpty)
    }

    @Test func cardPressesArriveAsInvokesOrAsSubmittedMessages() throws {
        let invoke = activity("invoke", id: "f:1", more: [
            "name": "adaptiveCard/action", "replyToId": "1500",
            "value": ["action": ["type": "Action.Execute", "verb": "done", "data": ["unhurried": "done", "item": "42"]], "trigger": "manual"],
        ])
        guard case .press(let press, let inline, let pressed) = try read(invoke).reading else { Issue.record("not a press"); return }
        #expect(press.action == .done && press.itemID == ItemID(42) && press.user == ChatUserID("29:1alice") && inline && pressed == "1500")
        let submitted = activity(more: ["value": ["unhurried": "acknowledge", "item": "42"]])
        guard case .press(let submit, let submittedInline, _) = try read(submitted).reading else { Issue.record("not a press"); return }
        #expect(submit.action == .acknowledge && !submittedInline)
        let forged = activity("invoke", more: ["name": "adaptiveCard/action", "value": ["action": ["data": ["unhurried": "explode", "item": "42"]]]])
        #expect(throws: UndecodablePayload(reason: "invalid_value:value.action.data")) { try read(forged) }
        // Invokes that are not Unhurried's: another card's action, a message extension's query.
        guard case .unhandledInvoke = try read(activity("invoke", more: ["name": "adaptiveCard/action", "value": ["action": ["data": ["x": 1]]]])).reading,
              case .unhandledInvoke = try read(activity("invoke", more: ["name": "composeExtension/query"])).reading
        else { Issue.record("an invoke of another kind is handled"); return }
    }

    @Test func membersAddedAreTheBotsInstallOrNewcomers() throws {
        let installed = activity("conversationUpdate", more: ["membersAdded": [["id": Self.bot]]])
        guard case .installation(added: true) = try read(installed).reading else { Issue.record("not an install"); return }
        guard case .installation(added: false) = try read(activity("installationUpdate", more: ["action": "remove"])).reading else {
            Issue.record("not an uninstall")
            return
        }
        let joined = activity("conversationUpdate", id: "f:9", more: ["membersAdded": [["id": "29:1carol", "name": "Carol"]]])
        #expect(try events(joined) == [.joined(channel: place, user: ChatUserID("29:1carol"))])
    }

    @Test func learnsNamesAndTheSendersZone() throws {
        var json = activity(
            text: "<at>Unhurried</at> ask <at>Bob Smith</at> x", mentions: [(Self.bot, "Unhurried", nil), ("29:1bob", "Bob Smith", nil)])
        json["entities"] = (json["entities"] as! [[String: Any]]) + [["type": "clientInfo", "timezone": "America/Los_Angeles"]]
        let reading = try read(json)
        #expect(reading.senderZone == "America/Los_Angeles")
        #expect(Set(reading.names.map { "\($0.user)=\($0.name)" }) == ["29:1alice=Alice Jones", "29:1bob=Bob Smith", "\(Self.bot)=Unhurried"])
        // Some clients send `localTimezone` in lower case; a zone this machine does not know is not kept.
        #expect(try read(activity(more: ["localTimezone": "asia/calcutta"])).senderZone == "Asia/Calcutta")
        #expect(try read(activity(more: ["localTimezone": "Mars/Olympus"])).senderZone == nil)
    }

    @Test func anActivityWithoutATenantIsRefused() throws {
        var json = activity(text: "hi")
        json["conversation"] = ["id": "a:1", "conversationType": "personal"]
        #expect(throws: UndecodablePayload.missingField("conversation.tenantId")) { try read(json) }
    }
}
