import ChatPlatformKit
@testable import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

/// Text built to make a tokenizer rescan what it has read: each reads it in time proportional to its length. What
/// they read is checked at several sizes; how long it takes is for `tokenizer-benchmark`, with one loose wall-clock
/// bound per tokenizer at 64 KiB that only a rescan (seconds) would break.
@Suite struct AdversarialTextTests {
    static let sizes = [1, 100, 1_000]

    static let sixtyFourKiB = 64 * 1024

    @Test(arguments: [
        ("", "<mx-reply>"), ("", "<mx-reply>x</mx-reply>"), ("", "</mx-repl"), ("", "<a>"), ("", "<a>x</a>"), ("<a>", "<"),
        ("<a>", "< "), ("", "<a"), ("", #"<a href=""#), ("", #"<a href="x "#), ("", #"<a href="https://matrix.to/#/@bob:example.org">Bob</a> "#),
        ("", "&amp;"), ("", "&#"), ("", "&"), ("", "<b><i>"), ("", "</i></b>"), ("", "<"), ("", ">"), ("", "<br>"), ("<a>", "</b"),
    ])
    func matrixHTMLIsReadLookingAtEachByteAFewTimes(head: String, piece: String) {
        for count in Self.sizes {
            let html = head + String(repeating: piece, count: count)
            var reader = MatrixHTMLReader(html)
            _ = reader.tokens()
            #expect(reader.bytesExamined <= 6 * html.utf8.count + 16, "\(count) times \(piece)")
        }
    }

    @Test(arguments: sizes)
    func matrixHTMLReadsTheSameAtEverySize(count: Int) {
        func tokens(_ html: String) -> [CommandToken] { MatrixText.tokens(body: "", formattedBody: html) }
        let bob = CommandToken.mention(ChatUserID("@bob:example.org"))
        #expect(tokens(String(repeating: "<mx-reply>", count: count) + "!done 4") == [.word("!done"), .word("4")])
        #expect(tokens(String(repeating: "<mx-reply>q</mx-reply>", count: count) + "!done 4") == [.word("!done"), .word("4")])
        #expect(tokens("<a>" + String(repeating: "<", count: count)) == [.word(String(repeating: "<", count: count))])
        #expect(tokens("!ask " + String(repeating: "<a", count: count)) == [.word("!ask"), .word(String(repeating: "<a", count: count))])
        #expect(tokens(String(repeating: #"<a href=""#, count: count) + ">label") == [.word("label")])
        #expect(tokens(String(repeating: #"<A HREF="https://matrix.to/#/@bob:example.org">Bob</A> "#, count: count))
            == Array(repeating: bob, count: count))
        #expect(tokens(String(repeating: "&amp;", count: count)) == [.word(String(repeating: "&", count: count))])
        #expect(tokens(String(repeating: "&amp;lt;", count: count)) == [.word(String(repeating: "&lt;", count: count))])
        #expect(tokens(String(repeating: "&#", count: count)) == [.word(String(repeating: "&#", count: count))])
        #expect(tokens(String(repeating: "<b><i>", count: count) + "x" + String(repeating: "</i></b>", count: count)) == [.word("x")])
        #expect(tokens(String(repeating: "a<br>", count: count)) == Array(repeating: .word("a"), count: count))
    }

    @Test func aMatrixEventOf64KiBIsDecodedInWellUnderASecond() throws {
        // The two shapes that took seconds: replies never closed, and a link whose label is all `<`.
        let replies = "!ask " + String(repeating: "<mx-reply>", count: 3_270) + "<a>"
        let html = replies + String(repeating: "<", count: Self.sixtyFourKiB - replies.utf8.count)
        let event: [String: Any] = [
            "type": "m.room.message", "event_id": "$m", "sender": "@alice:example.org", "room_id": "!room",
            "content": ["msgtype": "m.text", "body": "!ask", "format": "org.matrix.custom.html", "formatted_body": html],
        ]
        let json = try JSONSerialization.data(withJSONObject: ["events": [event]])
        var transaction: MatrixTransaction?
        let elapsed = ContinuousClock().measure {
            transaction = try? MatrixTransaction(
                decoding: json, bot: ChatUserID("@unhurried:example.org"), workspaceID: "example.org", commandPrefix: "!",
                allowedServers: ["*"])
        }
        #expect(transaction?.entries.count == 1)
        #expect(elapsed < .seconds(1))
    }
}

extension AdversarialTextTests {
    @Test(arguments: sizes)
    func slackTextReadsTheSameAtEverySize(count: Int) {
        let words = String(repeating: "word ", count: count)
        #expect(SlackText.tokens(from: "ask <" + words) == [.word("ask"), .word("<" + words)])
        #expect(SlackText.tokens(from: String(repeating: "<@U1|", count: count)) == [.word(String(repeating: "<@U1|", count: count))])
        #expect(SlackText.tokens(from: String(repeating: "<@U1|bob> ", count: count)) == Array(repeating: .mention(ChatUserID("U1")), count: count))
        #expect(SlackText.tokens(from: String(repeating: "&lt;", count: count)) == [.word(String(repeating: "<", count: count))])
        #expect(SlackText.unescape(String(repeating: "&amp;lt;", count: count)) == String(repeating: "&lt;", count: count))
    }

    @Test func slackTextOf64KiBIsReadInWellUnderASecond() {
        let text = String(repeating: "<@U1|bob> &lt; ", count: Self.sixtyFourKiB / 15) + "<"
        var tokens: [CommandToken] = []
        let elapsed = ContinuousClock().measure { tokens = SlackText.tokens(from: text) }
        #expect(tokens.count == Self.sixtyFourKiB / 15 * 2 + 1)
        #expect(elapsed < .seconds(1))
    }

    @Test(arguments: sizes)
    func mattermostTextReadsTheSameAtEverySize(count: Int) {
        let bob = ["bob": ChatUserID("b1")]
        #expect(MattermostText.tokens(from: String(repeating: "@ ", count: count), mentions: bob) == Array(repeating: .word("@"), count: count))
        #expect(MattermostText.tokens(from: String(repeating: "@", count: count), mentions: bob) == [.word(String(repeating: "@", count: count))])
        #expect(MattermostText.tokens(from: String(repeating: "@Bob, ", count: count), mentions: bob)
            == Array(repeating: .mention(ChatUserID("b1")), count: count))
        #expect(MattermostText.quoting(String(repeating: "@all ", count: count)) == String(repeating: "@\u{200B}all ", count: count))
    }

    @Test func mattermostTextOf64KiBIsReadInWellUnderASecond() {
        let text = String(repeating: "@bob, @all @ ", count: Self.sixtyFourKiB / 13)
        var tokens: [CommandToken] = []
        let elapsed = ContinuousClock().measure {
            tokens = MattermostText.tokens(from: MattermostText.quoting(text), mentions: ["bob": ChatUserID("b1")])
        }
        #expect(tokens.count == Self.sixtyFourKiB / 13 * 3)
        #expect(elapsed < .seconds(1))
    }

    @Test(arguments: sizes)
    func consoleTextReadsTheSameAtEverySize(count: Int) {
        #expect(ConsoleText.tokens(from: String(repeating: "@bob,; ", count: count)) == Array(repeating: .mention(ChatUserID("bob")), count: count))
        #expect(ConsoleText.tokens(from: "@bob" + String(repeating: ",", count: count)) == [.mention(ChatUserID("bob"))])
    }

    @Test func consoleTextOf64KiBIsReadInWellUnderASecond() {
        let text = String(repeating: "@bob,; ", count: Self.sixtyFourKiB / 7)
        var tokens: [CommandToken] = []
        let elapsed = ContinuousClock().measure { tokens = ConsoleText.tokens(from: text) }
        #expect(tokens.count == Self.sixtyFourKiB / 7)
        #expect(elapsed < .seconds(1))
    }

    @Test(arguments: sizes)
    func formBodiesReadTheSameAtEverySize(count: Int) {
        #expect(FormBody.fields(of: "text=" + String(repeating: "%", count: count)) == ["text": String(repeating: "%", count: count)])
        #expect(FormBody.fields(of: "text=" + String(repeating: "%41+", count: count)) == ["text": String(repeating: "A ", count: count)])
        #expect(FormBody.pairs(of: String(repeating: "a=1&", count: count)).count == count)
    }

    @Test func aFormBodyOf64KiBIsReadInWellUnderASecond() {
        let body = "text=" + String(repeating: "%3C%40U1%7Cbob%3E+%", count: Self.sixtyFourKiB / 19)
        var fields: [String: String] = [:]
        let elapsed = ContinuousClock().measure { fields = FormBody.fields(of: body) }
        #expect(fields["text"]?.count == Self.sixtyFourKiB / 19 * 11)
        #expect(elapsed < .seconds(1))
    }
}
