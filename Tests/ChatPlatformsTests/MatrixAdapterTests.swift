import ChatPlatformKit
import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore
import Yams

/// Reading what Matrix clients send (plain bodies, HTML with pills, rich replies, reactions) and writing what they show.
@Suite struct MatrixAdapterTests {
    static let bot = ChatUserID("@unhurried:example.org")

    private func entries(_ event: [String: Any], prefix: String = "!", servers: Set<String> = ["example.org"]) throws -> [MatrixTransaction.Entry] {
        let json = try JSONSerialization.data(withJSONObject: ["events": [event]])
        return try #require(try? MatrixTransaction(decoding: json, bot: Self.bot, workspaceID: "example.org", commandPrefix: prefix, allowedServers: servers)).entries
    }

    @Test func hearsOnlyPeopleOnTheAllowedServers() throws {
        let stranger = message(["msgtype": "m.text", "body": "!ask @bob:example.org x"], sender: "@mallory:elsewhere.net")
        #expect(try entries(stranger).isEmpty)
        #expect(try entries(stranger, servers: ["example.org", "elsewhere.net"]).count == 1)
        #expect(try entries(stranger, servers: ["*"]).count == 1)
        let invite: [String: Any] = ["type": "m.room.member", "state_key": Self.bot.rawValue, "event_id": "$i", "sender": "@mallory:elsewhere.net",
                                     "room_id": "!r", "content": ["membership": "invite"]]
        #expect(try entries(invite).isEmpty)
    }

    private func message(_ content: [String: Any], sender: String = "@alice:example.org") -> [String: Any] {
        ["type": "m.room.message", "event_id": "$m", "sender": sender, "room_id": "!room", "content": content]
    }

    private let channel = ChatChannel(platform: MatrixPlatform.name, workspaceID: "example.org", channelID: "!room")

    @Test func readsMentionsFromTypedIdsAndPills() {
        #expect(MatrixText.tokens(body: "ask @bob:example.org, review https://example.com/a", formattedBody: nil) == [
            .word("ask"), .mention(ChatUserID("@bob:example.org")), .word("review"), .word("https://example.com/a"),
        ])
        let html = #"ask <a href="https://matrix.to/#/%40bob%3Aexample.org">Bob</a> &amp; <a href='https://matrix.to/#/@carol:example.org?via=x'>Carol</a> "#
            + #"read <a href="https://example.com/plan">the <b>plan</b></a> by <strong>friday</strong><br>please"#
        #expect(MatrixText.tokens(body: "ask Bob & Carol read the plan by friday", formattedBody: html) == [
            .word("ask"), .mention(ChatUserID("@bob:example.org")), .word("&"), .mention(ChatUserID("@carol:example.org")), .word("read"),
            .link(Link(url: "https://example.com/plan", label: "the plan")), .word("by"), .word("friday"), .word("please"),
        ])
    }

    @Test func aColonAfterAPillIsTypographyNotWords() {
        let html = #"<a href="https://matrix.to/#/@bob:example.org">Bob</a>: please check <a href="https://matrix.to/#/@carol:example.org">Carol</a> , it : works"#
        #expect(MatrixText.tokens(body: "Bob: please check Carol , it : works", formattedBody: html) == [
            .mention(ChatUserID("@bob:example.org")), .word("please"), .word("check"), .mention(ChatUserID("@carol:example.org")),
            .word("it"), .word(":"), .word("works"),
        ])
    }

    @Test func leavesOutTheQuotedMessageOfARichReply() {
        let body = "> <@bob:example.org> earlier words\n> more\n\n!done 4"
        #expect(MatrixText.tokens(body: body, formattedBody: nil) == [.word("!done"), .word("4")])
        let html = "<mx-reply><blockquote>earlier <a href=\"https://matrix.to/#/@bob:example.org\">bob</a></blockquote></mx-reply>!done 4"
        #expect(MatrixText.tokens(body: body, formattedBody: html) == [.word("!done"), .word("4")])
    }

    @Test func aMessageStartingWithThePrefixOrTheBotsPillIsACommand() throws {
        let typed = try entries(message(["msgtype": "m.text", "body": "!ask @bob:example.org review !urgent"]))
        #expect(typed == [.event(eventID: "$m", .mention(
            channel: channel, user: ChatUserID("@alice:example.org"),
            tokens: [.word("ask"), .mention(ChatUserID("@bob:example.org")), .word("review"), .word("!urgent")], messageRef: "$m", threadRef: nil))])
        let addressed = try entries(message([
            "msgtype": "m.text", "body": "Unhurried: inbox", "format": "org.matrix.custom.html",
            "formatted_body": #"<a href="https://matrix.to/#/@unhurried:example.org">Unhurried</a>: inbox"#,
            "m.relates_to": ["rel_type": "m.thread", "event_id": "$root"],
        ]))
        #expect(addressed == [.event(eventID: "$m", .mention(
            channel: channel, user: ChatUserID("@alice:example.org"), tokens: [.word("inbox")], messageRef: "$m", threadRef: "$root"))])
        #expect(try entries(message(["msgtype": "m.text", "body": "?inbox"]), prefix: "?").count == 1)
        // Not commands: a lone prefix, "!!!", plain talk, the bot's own notices, edits.
        for content in [["msgtype": "m.text", "body": "!"], ["msgtype": "m.text", "body": "!!! great"], ["msgtype": "m.text", "body": "ask bob"],
                        ["msgtype": "m.notice", "body": "!ask @bob:example.org x"]] {
            #expect(try entries(message(content)).isEmpty)
        }
        #expect(try entries(message(["msgtype": "m.text", "body": "!inbox"], sender: Self.bot.rawValue)).isEmpty)
        let edit: [String: Any] = ["msgtype": "m.text", "body": "* !ask @bob:example.org x", "m.new_content": ["msgtype": "m.text", "body": "!ask @bob:example.org x"],
                                   "m.relates_to": ["rel_type": "m.replace", "event_id": "$old"]]
        #expect(try entries(message(edit)).isEmpty)
    }

    @Test func repliesAndReactionsAreResponses() throws {
        let inThread = try entries(message(["msgtype": "m.text", "body": "on it", "m.relates_to": ["rel_type": "m.thread", "event_id": "$card"]]))
        #expect(inThread == [.event(
            eventID: "$m", .threadReply(channel: channel, parentRef: "$card", user: ChatUserID("@alice:example.org"), text: "on it"))])
        // A rich reply's body quotes the message replied to first; what the person wrote follows.
        let reply = try entries(message(["msgtype": "m.text", "body": "> <@unhurried:example.org> Reminder: #4\n\non it",
                                         "m.relates_to": ["m.in_reply_to": ["event_id": "$reminder"]]]))
        #expect(reply == [.event(
            eventID: "$m", .threadReply(channel: channel, parentRef: "$reminder", user: ChatUserID("@alice:example.org"), text: "on it"))])
        func reaction(_ key: String) -> [String: Any] {
            ["type": "m.reaction", "event_id": "$r", "sender": "@bob:example.org", "room_id": "!room",
             "content": ["m.relates_to": ["rel_type": "m.annotation", "event_id": "$card", "key": key]]]
        }
        #expect(try entries(reaction("✅")) == [.event(eventID: "$r", .doneReaction(channel: channel, messageRef: "$card", user: ChatUserID("@bob:example.org")))])
        #expect(try entries(reaction("👍")).isEmpty)
    }

    @Test func aPersonJoiningIsANewcomerButAProfileChangeOrTheBotIsNot() throws {
        func member(_ user: String, _ membership: String, before: String? = nil) -> [String: Any] {
            var event: [String: Any] = ["type": "m.room.member", "state_key": user, "event_id": "$j", "sender": user, "room_id": "!room",
                                        "content": ["membership": membership, "displayname": "Dan"]]
            if let before { event["unsigned"] = ["prev_content": ["membership": before]] }
            return event
        }
        let dan = "@dan:example.org"
        let joined = MatrixTransaction.Entry.event(eventID: "$j", .joined(channel: channel, user: ChatUserID(dan)))
        #expect(try entries(member(dan, "join")) == [joined])
        #expect(try entries(member(dan, "join", before: "invite")) == [joined])
        #expect(try entries(member(dan, "join", before: "leave")) == [joined])
        #expect(try entries(member(dan, "join", before: "join")).isEmpty)  // a new name or avatar
        #expect(try entries(member(dan, "leave", before: "join")).isEmpty)
        #expect(try entries(member(Self.bot.rawValue, "join", before: "invite")).isEmpty)
    }

    @Test func rendersNoticesWithPillsMentionsThreadsAndEdits() throws {
        let renderer = MatrixMessageRenderer(commandPrefix: "!")
        let message = ChatMessage(fallbackText: "x", blocks: [
            .section(RichText([.bold("Ask #3"), .text(" for "), .user(ChatUserID("@bob:example.org")), .text(" <script>"), .lineBreak,
                               .link(Link(url: "https://example.com/?a=1&b=2", label: "plan"))])),
            .actions([MessageAction(kind: .done, itemID: ItemID(3), label: "Done"), MessageAction(kind: .snoozeHour, itemID: ItemID(3), label: "Snooze")]),
            .context(RichText([.command("done 3"), .text(" when finished")])),
        ])
        let content = try #require(try JSONSerialization.jsonObject(
            with: renderer.content(message, inThreadOf: "$root", idempotencyKey: "k1").encoded()) as? [String: Any])
        #expect(content["msgtype"] as? String == "m.text")
        #expect(content["body"] as? String == """
            Ask #3 for @bob:example.org <script>
            plan (https://example.com/?a=1&b=2)
            React ✅ when done · `!done 3` when done · `!snooze 3 1h` or `!snooze 3 tomorrow` for later
            `!done 3` when finished
            """)
        let html = try #require(content["formatted_body"] as? String)
        #expect(html.hasPrefix(#"<p><strong>Ask #3</strong> for <a href="https://matrix.to/#/@bob:example.org">@bob:example.org</a> &lt;script&gt;<br>"#))
        #expect(html.contains(#"<a href="https://example.com/?a=1&amp;b=2">plan (example.com)</a>"#))
        #expect((content["m.mentions"] as? [String: Any])?["user_ids"] as? [String] == ["@bob:example.org"])
        let relation = try #require(content["m.relates_to"] as? [String: Any])
        #expect(relation["rel_type"] as? String == "m.thread")
        #expect(relation["event_id"] as? String == "$root")
        #expect((relation["m.in_reply_to"] as? [String: Any])?["event_id"] as? String == "$root")
        #expect(content[MatrixMessageRenderer.idempotencyKeyField] as? String == "k1")

        let edit = try #require(try JSONSerialization.jsonObject(with: renderer.edit(of: "$card", with: message).encoded()) as? [String: Any])
        #expect((edit["body"] as? String)?.hasPrefix("* Ask #3") == true)
        // An edit calls nobody again; its new content names the same people.
        #expect((edit["m.mentions"] as? [String: Any])?.isEmpty == true)
        #expect(((edit["m.new_content"] as? [String: Any])?["m.mentions"] as? [String: Any])?["user_ids"] as? [String] == ["@bob:example.org"])

        // An answer names people without calling them: a notice, which homeservers never notify about.
        var answer = message
        answer.callsPeopleNamed = false
        let quiet = try #require(try JSONSerialization.jsonObject(
            with: renderer.content(answer, inThreadOf: nil, idempotencyKey: nil).encoded()) as? [String: Any])
        #expect(quiet["msgtype"] as? String == "m.notice")
        #expect((quiet["m.mentions"] as? [String: Any])?["user_ids"] as? [String] == [])
        // Line breaks inside a text span are line breaks in HTML too.
        #expect(renderer.html(ChatMessage(fallbackText: "", blocks: [.section("• one\n• two")])) == "<p>• one<br>• two</p>")
        #expect((edit["m.new_content"] as? [String: Any])?["body"] as? String == content["body"] as? String)
        #expect((edit["m.relates_to"] as? [String: Any])?["rel_type"] as? String == "m.replace")
    }

    @Test func theRegistrationIsValidYAMLWithTheBotsOwnNamespace() throws {
        let registration = MatrixRegistration(
            id: "unhurried", url: URL(string: "http://unhurried:8080")!, applicationServiceToken: "a\"s", homeserverToken: "h\\s",
            bot: ChatUserID("@unhurried:chat.example.org"))
        let yaml = try #require(try Yams.load(yaml: registration.yaml) as? [String: Any])
        #expect(yaml["id"] as? String == "unhurried")
        #expect(yaml["url"] as? String == "http://unhurried:8080")
        #expect(yaml["as_token"] as? String == "a\"s")
        #expect(yaml["hs_token"] as? String == "h\\s")
        #expect(yaml["sender_localpart"] as? String == "unhurried")
        #expect(yaml["rate_limited"] as? Bool == false)
        let users = try #require((yaml["namespaces"] as? [String: Any])?["users"] as? [[String: Any]])
        let pattern = try #require(users.first?["regex"] as? String)
        #expect(users.first?["exclusive"] as? Bool == true)
        #expect("@unhurried:chat.example.org".range(of: pattern, options: .regularExpression) != nil)
        #expect("@unhurried:chatXexample.org".range(of: pattern, options: .regularExpression) == nil)
        #expect("@unhurried2:chat.example.org".range(of: pattern, options: .regularExpression) == nil)
    }
}

extension MatrixAdapterTests {
    @Test func linksToAPostWithMatrixTo() {
        let link = MessageLink(
            channel: ChatChannel(platform: "matrix", workspaceID: "example.org", channelID: "!room:example.org"), messageRef: "$abc/def", label: "#3")
        let renderer = MatrixMessageRenderer(commandPrefix: "!")
        let message = ChatMessage(fallbackText: "", blocks: [.section(RichText([.permalink(link)]))])
        #expect(renderer.html(message) == #"<p><a href="https://matrix.to/#/%21room%3Aexample.org/%24abc%2Fdef?via=example.org">#3</a></p>"#)
        #expect(renderer.plainBody(message) == "#3 (https://matrix.to/#/%21room%3Aexample.org/%24abc%2Fdef?via=example.org)")
    }
}
