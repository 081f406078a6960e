import ChatPlatformKit
import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

/// Whatever people type into an ask, the card and the reminder Mattermost shows notify nobody beyond the people asked,
/// and every link shows where it goes.
@Suite struct MattermostHostileTextTests {
    static let cases: [HostileText.Case] = [
        .init(typed: "tell @channel, @ALL and @here. please", shows: "tell @\u{200B}channel, @\u{200B}ALL and @\u{200B}here. please"),
        .init(typed: "tell **@channel** and _@All_", shows: "tell **@\u{200B}channel** and _@\u{200B}All_"),
        .init(typed: "tell `@here` and ``@channel``", shows: "tell `@\u{200B}here` and ``@\u{200B}channel``"),
        .init(typed: "click [x](javascript:alert(1))", shows: #"click \[x\](javascript:alert(1))"#),
        // A Markdown link is read as one, and its label shows where it really goes.
        .init(typed: "see [https://good.example](https://evil.example)", shows: "[https://good.example (evil.example)](https://evil.example)"),
        .init(typed: "see it![x](https://evil.example/t.png) [ref]: https://evil.example", shows: "[x (evil.example)](https://evil.example/t.png)"),
        .init(typed: #"see \[x](https://evil.example)"#, shows: #"see \\\[x\](https://evil.example)"#),
        .init(typed: "see https://example.com/a_(b)", shows: "[https://example.com/a_(b)](https://example.com/a_%28b%29)"),
        .init(typed: "see https://example.com/x)](https://evil.example",
             shows: #"[https://example.com/x)\](https://evil.example](https://example.com/x%29]%28https://evil.example)"#),
        .init(typed: "see https://good.example@evil.example/", shows: "[https://good.example@evil.example/ (evil.example)](https://good.example@evil.example/)"),
        .init(typed: #"see https://example.com/"q"<x>`y`"#, shows: #"[https://example.com/"q"<x>\`y\`](https://example.com/%22q%22%3Cx%3E%60y%60)"#),
        .init(typed: "see https://exämple.com/", shows: "[https://exämple.com/ (ex%c3%a4mple.com)](https://ex%C3%A4mple.com/)"),
        // Mattermost finds `@here` after a `/`, `.` or `-` even inside an address.
        .init(typed: "see https://example.com/a.@here", shows: "[https://example.com/a.@\u{200B}here](https://example.com/a.%40here)"),
        .init(typed: "see https://x.example>@here and http://", shows: "see https://x.example>@\u{200B}here and http://"),
        .init(typed: "see https://x.example>@here", shows: "[https://x.example>@\u{200B}here (x.example%3e%40here)](https://x.example%3E%40here)"),
    ]

    private static let bob = ChatUserID("bobbobbobbobbobbobbobbobb1")
    private static let alice = ChatUserID("alicealicealicealicealice1")
    private static let renderer = MattermostMessageRenderer(
        buttons: .init(url: URL(string: "https://unhurried.example.com/mattermost/actions")!, signer: MattermostActionSigner(secret: "s")))

    @Test(arguments: cases)
    func aCardAndItsReminderBroadcastNothingAndShowWhereLinksGo(_ hostile: HostileText.Case) throws {
        let tokens = MattermostText.tokens(from: "@bob \(hostile.typed)", mentions: ["bob": Self.bob])
        let channel = ChatChannel(platform: "mattermost", workspaceID: "team1", channelID: "chan")
        var messages: [String] = []
        for post in try HostileText.posts(asking: tokens, in: channel, by: Self.alice) {
            let body = Self.renderer.post(post, channelID: "chan", rootID: nil, idempotencyKey: "k", teamID: "team1", names: [Self.bob: "bob", Self.alice: "alice"])
            let json = try #require(try JSONSerialization.jsonObject(with: body.encoded()) as? [String: Any])
            messages.append(try #require(json["message"] as? String))
            let raw = String(decoding: body.encoded(), as: UTF8.self).lowercased()
            for broadcast in ["@channel", "@all", "@here"] { #expect(!raw.contains(broadcast), "\(raw)") }
        }
        for message in messages { try Self.expectHonestLinksOnly(message) }
        #expect(messages[0].contains(hostile.shows), "\(messages[0])")
    }

    /// Spans people's text reaches that no Mattermost command writes: labels, code spans and names in a post that
    /// does not call people.
    @Test(arguments: [
        (RichText.Span.code("@here ` [x](https://evil.example) `"), "`` @\u{200B}here ` [x](https://evil.example) ` ``"),
        (.link(Link(url: "https://evil.example", label: "@channel https://good.example")), "[@\u{200B}channel https://good.example (evil.example)](https://evil.example)"),
        (.link(Link(url: "https://evil.example", label: "x](https://good.example) [y")), #"[x\](https://good.example) \[y (evil.example)](https://evil.example)"#),
        (.user(bob), "**@\u{200B}all \\[x\\](https://evil.example)**"),
        (.bold("@HERE"), "**@\u{200B}HERE**"),
        // A reply quoted in a summary that calls nobody names the people it mentions without calling them.
        (.text("Thanks @alice, see me@example.com and @_bot"), "Thanks @\u{200B}alice, see me@example.com and @\u{200B}_bot"),
    ])
    func spansOfPeoplesTextAreQuoted(_ span: RichText.Span, _ markdown: String) throws {
        var message = ChatMessage(fallbackText: "", blocks: [.section(RichText([span]))])
        message.callsPeopleNamed = false
        let written = Self.renderer.markdown(message, names: [Self.bob: "@all [x](https://evil.example)"], withButtons: true)
        #expect(written == markdown)
        try Self.expectHonestLinksOnly(written)
    }

    /// Every Markdown link is the bot's own: its target is one web address that nothing can end early, and its text
    /// names the target's host. Outside code spans, no other `[` is left to start one.
    private static func expectHonestLinksOnly(_ markdown: String) throws {
        let links = try #require(Self.links(in: markdown), "\(markdown)")
        for (text, target) in links {
            #expect(target.hasPrefix("https://") && !target.contains { "()<>` ".contains($0) }, "\(target)")
            let host = try #require(Link(url: target).host)
            #expect(text.lowercased().contains(host), "\(text) → \(target)")
        }
    }

    /// The `[text](target)` links of `markdown` as Markdown reads them, backslash escapes and code spans honoured; nil
    /// when an unescaped `[` does not start one.
    private static func links(in markdown: String) -> [(text: String, target: String)]? {
        var links: [(text: String, target: String)] = []
        var rest = Substring(markdown)
        while let character = rest.popFirst() {
            switch character {
            case "\\":
                _ = rest.popFirst()
            case "`":
                let fence = "`" + rest.prefix { $0 == "`" }
                rest = rest.dropFirst(fence.count - 1)
                guard let end = rest.range(of: fence) else { return nil }
                rest = rest[end.upperBound...]
            case "[":
                var text = ""
                while let next = rest.popFirst(), next != "]" {
                    guard next != "[" else { return nil }
                    text.append(next == "\\" ? rest.popFirst() ?? next : next)
                }
                guard rest.first == "(", let close = rest.firstIndex(of: ")") else { return nil }
                links.append((text, String(rest[rest.index(after: rest.startIndex)..<close])))
                rest = rest[rest.index(after: close)...]
            default:
                continue
            }
        }
        return links
    }
}
