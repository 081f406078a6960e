import ChatPlatformKit
import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

/// Reading Mattermost's slash commands and button clicks, and writing its posts.
@Suite struct MattermostAdapterTests {
    private let signer = MattermostActionSigner(secret: "test-secret")

    @Test func readsACapturedSlashCommandWithItsResolvedMentions() throws {
        let url = try #require(Bundle.module.url(forResource: "mattermost-slash-command-body", withExtension: "txt", subdirectory: "Fixtures"))
        let command = try #require(try? MattermostSlashCommand(decodingFormBody: try String(contentsOf: url, encoding: .utf8)))
        #expect(command.command == "/async")
        #expect(command.teamID == "4xp9fdt7bb8o7jwb7hzsk3oiqe")
        let incoming = command.incomingCommand
        #expect(incoming.channel == ChatChannel(platform: "mattermost", workspaceID: "4xp9fdt7bb8o7jwb7hzsk3oiqe", channelID: "qmd5oqtwoibz8cuzxzg5ekshgr"))
        #expect(incoming.speaker == ChatUserID("alicealicealicealicealice1"))
        #expect(incoming.tokens == [
            .word("ask"), .mention(ChatUserID("bobbobbobbobbobbobbobbobb1")), .mention(ChatUserID("carolcarolcarolcarolcarol1")),
            .word("review"), .word("the"), .word("~launch"), .word("plan"), .word("https://example.com/plan"), .word("by"), .word("friday"),
        ])
        #expect(command.knownNames[ChatUserID("carolcarolcarolcarolcarol1")] == "carol.s")
        #expect(command.knownNames[ChatUserID("alicealicealicealicealice1")] == "alice")
    }

    @Test func readsAMentionTypedWithCapitals() {
        #expect(MattermostText.tokens(from: "ask @Bob.", mentions: ["bob": ChatUserID("b1")]) == [.word("ask"), .mention(ChatUserID("b1"))])
        // A Markdown link is a link with its label; an escaped bracket, an address that is no web page, or an empty
        // label leave the words as typed.
        #expect(MattermostText.tokens(from: "read [the Q3 brief](https://example.com/q3) now", mentions: [:])
            == [.word("read"), .link(Link(url: "https://example.com/q3", label: "the Q3 brief")), .word("now")])
        #expect(MattermostText.tokens(from: #"\[x](https://example.com) [y](mailto:a@b) [](https://example.com)"#, mentions: [:])
            == [.word(#"\[x](https://example.com)"#), .word("[y](mailto:a@b)"), .word("[](https://example.com)")])
        // However many brackets share a `]`, and however long what follows it, each character is read about once.
        let hostile = String(repeating: "[", count: 20_000) + "](" + String(repeating: "x", count: 20_000)
        #expect(MattermostText.tokens(from: hostile, mentions: [:]).count == 1)
        let labelsOverLines = String(repeating: "[\n", count: 20_000) + "](https://example.com)"
        #expect(MattermostText.tokens(from: labelsOverLines, mentions: [:]).count == 20_001)
    }

    @Test func anUnresolvedNameStaysAWord() {
        #expect(MattermostText.tokens(from: "ask @nobody now", mentions: [:]) == [.word("ask"), .word("@nobody"), .word("now")])
    }

    @Test func rendersMarkdownWithUsernamesAndSignedButtons() throws {
        let renderer = MattermostMessageRenderer(buttons: .init(url: URL(string: "https://unhurried.example.com/mattermost/actions")!, signer: signer))
        let bob = ChatUserID("bobbobbobbobbobbobbobbobb1")
        let message = ChatMessage(fallbackText: "x", blocks: [
            .section(RichText([.bold("Ask #3"), .text(" for "), .user(bob), .text(" — tell @channel"), .lineBreak,
                               .link(Link(url: "https://example.com/plan", label: "the plan"))])),
            .actions([MessageAction(kind: .acknowledge, itemID: ItemID(3), label: "Acknowledge"),
                      MessageAction(kind: .done, itemID: ItemID(3), label: "Done", isPrimary: true),
                      MessageAction(kind: .snoozeHour, itemID: ItemID(3), label: "Snooze 1 working hour"),
                      MessageAction(kind: .snoozeTomorrow, itemID: ItemID(3), label: "Snooze until tomorrow"),
                      MessageAction(kind: .snoozeUntil, itemID: ItemID(3), label: "Snooze until…")]),
            .context(RichText([.command("done 3"), .text(" when finished")])),
        ])
        let body = renderer.post(message, channelID: "chan", rootID: "root", idempotencyKey: "item:3:item_card", teamID: "team1", names: [bob: "bob"])
        let object = try #require(try JSONSerialization.jsonObject(with: body.encoded()) as? [String: Any])
        #expect(object["channel_id"] as? String == "chan")
        #expect(object["root_id"] as? String == "root")
        #expect(object["message"] as? String == "**Ask #3** for @bob — tell @\u{200B}channel\n[the plan (example.com)](https://example.com/plan)\n_`/async done 3` when finished_")
        let properties = try #require(object["props"] as? [String: Any])
        #expect(properties[MattermostMessageRenderer.idempotencyKeyProperty] as? String == "item:3:item_card")
        let actions = try #require(((properties["attachments"] as? [[String: Any]])?.first?["actions"]) as? [[String: Any]])
        #expect(actions.map { $0["name"] as? String } == ["Acknowledge", "Done", "Snooze…"])
        #expect(actions[1]["style"] as? String == "primary")
        #expect((actions[2]["options"] as? [[String: Any]])?.map { $0["value"] as? String } == ["snooze_hour", "snooze_tomorrow"])
        let integration = try #require(actions[1]["integration"] as? [String: Any])
        #expect(integration["url"] as? String == "https://unhurried.example.com/mattermost/actions")
        let context = try #require(integration["context"] as? [String: Any])
        #expect(context["action"] as? String == "done")
        #expect(signer.isValid(try #require(context["signature"] as? String), action: "done", itemID: ItemID(3), teamID: "team1"))

        // Without an actions URL the post says what to type instead.
        let plain = MattermostMessageRenderer(buttons: nil).markdown(message, names: [bob: "bob"], withButtons: false)
        #expect(plain.contains("_`/async ack 3` to acknowledge · `/async done 3` when done · `/async snooze 3 1h` or `/async snooze 3 tomorrow` for later_"))
    }

    /// Mattermost finds a pressed button by an id of letters and digits only (mattermost/mattermost#21939); any other
    /// character leaves a button that does nothing when pressed.
    @Test func everyButtonHasAnIdMattermostCanRoute() throws {
        let renderer = MattermostMessageRenderer(buttons: .init(url: URL(string: "https://unhurried.example.com/mattermost/actions")!, signer: signer))
        let message = ChatMessage(fallbackText: "x", blocks: [.actions(MessageAction.Kind.allCases.map {
            MessageAction(kind: $0, itemID: ItemID(12), label: $0.rawValue)
        })])
        let body = renderer.post(message, channelID: "chan", rootID: nil, idempotencyKey: "k", teamID: "team1", names: [:])
        let object = try #require(try JSONSerialization.jsonObject(with: body.encoded()) as? [String: Any])
        let actions = try #require((((object["props"] as? [String: Any])?["attachments"] as? [[String: Any]])?.first?["actions"]) as? [[String: Any]])
        let ids = actions.compactMap { $0["id"] as? String }
        #expect(ids.count == MessageAction.Kind.allCases.filter(\.isButton).count + 1)
        #expect(ids.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        #expect(Set(ids).count == ids.count)
    }

    @Test func honoursAClickOnlyWithTheSignatureOfItsButton() throws {
        func click(action: String, item: String = "3", team: String = "team1", signature: String? = nil, selected: String? = nil) throws -> MattermostAction.Reading {
            var context: [String: Any] = [
                "action": action, "item": item, "team": team,
                "signature": signature ?? signer.signature(action: action, itemID: ItemID(parsing: item)!, teamID: team),
            ]
            if let selected { context["selected_option"] = selected }
            let body: [String: Any] = [
                "user_id": "bobbobbobbobbobbobbobbobb1", "user_name": "bob", "channel_id": "chan", "team_id": "team1", "post_id": "post1",
                "trigger_id": "trigger1", "type": selected == nil ? "" : "select", "context": context,
            ]
            return ((try? MattermostAction.reading(json: try JSONSerialization.data(withJSONObject: body), signer: signer)) ?? .notAnAction)
        }
        guard case .press(let press) = try click(action: "done") else { Issue.record("a signed click is a press"); return }
        #expect(press.action == .done)
        #expect(press.itemID == ItemID(3))
        #expect(press.workspace == WorkspaceRef(platform: "mattermost", workspaceID: "team1"))
        #expect(press.user == ChatUserID("bobbobbobbobbobbobbobbobb1"))
        guard case .press(let snooze) = try click(action: "snooze", selected: "snooze_tomorrow") else { Issue.record("menu"); return }
        #expect(snooze.action == .snoozeTomorrow)
        let forged = signer.signature(action: "ack", itemID: ItemID(3), teamID: "team1")
        #expect(try click(action: "done", signature: forged) == .unverified)
        #expect(try click(action: "done", signature: String(repeating: "0", count: 64)) == .unverified)
        #expect(try click(action: "done", team: "team2", signature: signer.signature(action: "done", itemID: ItemID(3), teamID: "team1")) == .unverified)
        #expect(((try? MattermostAction.reading(json: Data(#"{"user_id":"u","context":{"something":"else"}}"#.utf8), signer: signer)) ?? .notAnAction) == .notAnAction)
    }
}

extension MattermostAdapterTests {
    /// Signatures come from requests: text that is not hex, or whose characters are several bytes, is refused.
    @Test(arguments: ["é", "éé", String(repeating: "é", count: 32), String(repeating: "zz", count: 32), "", "abc"])
    func refusesASignatureThatIsNotHex(_ signature: String) {
        #expect(!signer.isValid(signature, action: "done", itemID: ItemID(3), teamID: "team1"))
    }
}

extension MattermostAdapterTests {
    @Test func linksToAPostThroughTheServersRedirect() {
        let link = MessageLink(channel: ChatChannel(platform: "mattermost", workspaceID: "t", channelID: "c"), messageRef: "post1", label: "#3")
        let withServer = MattermostMessageRenderer(buttons: nil, serverURL: URL(string: "https://mm.example.com/")!)
        let message = ChatMessage(fallbackText: "", blocks: [.section(RichText([.permalink(link)]))])
        #expect(withServer.markdown(message, names: [:], withButtons: false) == "[#3](https://mm.example.com/_redirect/pl/post1)")
        #expect(MattermostMessageRenderer(buttons: nil).markdown(message, names: [:], withButtons: false) == "**#3**")
    }
}
