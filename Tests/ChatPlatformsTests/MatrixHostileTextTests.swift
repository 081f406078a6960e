import ChatPlatformKit
import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

/// Whatever people type into an ask, the card and the reminder a Matrix room shows notify nobody beyond the people
/// asked, hold only the HTML the renderer writes, and show where every link goes.
@Suite struct MatrixHostileTextTests {
    struct Case: Sendable, CustomTestStringConvertible {
        /// The ask's text after its assignee: a plain body, or the HTML a client sends when it formats.
        var typed: String
        var isHTML = false
        /// What the card's plain body shows of it.
        var body: String
        /// What the card's formatted body shows of it.
        var html: String

        var testDescription: String { typed }
    }

    static let cases = [
        Case(typed: "tell @room and @ROOM please", body: "tell @\u{200B}room and @\u{200B}ROOM please", html: "tell @\u{200B}room and @\u{200B}ROOM please"),
        Case(typed: #"see <a href="https://good.example">@room</a>"#, isHTML: true,
             body: "@\u{200B}room (https://good.example)", html: #"<a href="https://good.example">@\#u{200B}room (good.example)</a>"#),
        Case(typed: #"see <a href="https://evil.example">https://good.example</a>"#, isHTML: true,
             body: "https://good.example (https://evil.example)", html: #"<a href="https://evil.example">https://good.example (evil.example)</a>"#),
        Case(typed: "see <a href=\"https://evil.example\">\u{202E}elpmaxe.doog</a>", isHTML: true,
             body: "elpmaxe.doog (https://evil.example)", html: #"<a href="https://evil.example">elpmaxe.doog (evil.example)</a>"#),
        Case(typed: #"<a href="javascript:alert(1)">click me</a> please"#, isHTML: true, body: "click me please", html: "click me please"),
        Case(typed: #"&lt;script&gt;alert(1)&lt;/script&gt; <b onclick="x">bold</b> <img src=x onerror=alert(1)> please"#, isHTML: true,
             body: "<script>alert(1)</script> bold please", html: "&lt;script&gt;alert(1)&lt;/script&gt; bold please"),
        Case(typed: #"<img src=x onerror=alert(1)> "quoted" 'single' please"#,
             body: #"<img src=x onerror=alert(1)> "quoted" 'single' please"#,
             html: "&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &#39;single&#39; please"),
        Case(typed: #"see <a href='https://good.example/"onmouseover="alert(1)'>x</a>"#, isHTML: true,
             body: "x (https://good.example/%22onmouseover=%22alert(1))",
             html: #"<a href="https://good.example/%22onmouseover=%22alert(1)">x (good.example)</a>"#),
        Case(typed: #"see <a href="https://exämple.com/a b">the doc</a>"#, isHTML: true,
             body: "the doc (https://ex%C3%A4mple.com/a%20b)", html: #"<a href="https://ex%C3%A4mple.com/a%20b">the doc (ex%c3%a4mple.com)</a>"#),
        Case(typed: "see https://example.com/@room", body: "https://example.com/%40room",
             html: #"<a href="https://example.com/%40room">https://example.com/@\#u{200B}room</a>"#),
    ]

    private static let bob = ChatUserID("@bob:example.org")
    private static let renderer = MatrixMessageRenderer(commandPrefix: "!")

    @Test(arguments: cases)
    func aCardAndItsReminderBroadcastNothingAndShowWhereLinksGo(_ hostile: Case) throws {
        let pill = #"<a href="https://matrix.to/#/@bob:example.org">Bob</a> "#
        let tokens = hostile.isHTML
            ? MatrixText.tokens(body: "Bob", formattedBody: pill + hostile.typed)
            : MatrixText.tokens(body: "@bob:example.org " + hostile.typed, formattedBody: nil)
        let channel = ChatChannel(platform: MatrixPlatform.name, workspaceID: "example.org", channelID: "!room:example.org")
        let posts = try HostileText.posts(asking: tokens, in: channel, by: ChatUserID("@alice:example.org"))
        for post in posts {
            for content in [Self.renderer.content(post, inThreadOf: nil, idempotencyKey: "k"), Self.renderer.edit(of: "$card", with: post)] {
                let json = try #require(try JSONSerialization.jsonObject(with: content.encoded()) as? [String: Any])
                for fields in [json, json["m.new_content"] as? [String: Any]].compactMap({ $0 }) { try Self.expectSafe(fields) }
            }
        }
        let card = try #require(try JSONSerialization.jsonObject(with: Self.renderer.content(posts[0], inThreadOf: nil, idempotencyKey: nil).encoded()) as? [String: Any])
        #expect((card["body"] as? String)?.contains(hostile.body) == true, "\(card["body"] ?? "")")
        #expect((card["formatted_body"] as? String)?.contains(hostile.html) == true, "\(card["formatted_body"] ?? "")")
    }

    /// No `@room` in either body, mentions of people only, and in the HTML the renderer's own tags alone, each link
    /// showing its host.
    private static func expectSafe(_ content: [String: Any]) throws {
        let body = try #require(content["body"] as? String)
        let html = try #require(content["formatted_body"] as? String)
        #expect(!body.lowercased().contains("@room") && !html.lowercased().contains("@room"), "\(body)\n\(html)")
        let mentions = try #require(content["m.mentions"] as? [String: Any])
        #expect(Set(mentions.keys).isSubset(of: ["user_ids"]) && mentions["room"] == nil)

        let tags = try HostileText.matches(of: "<([^<>]*)>", in: html).map { $0[0] }
        #expect(html.count(where: { $0 == "<" }) == tags.count && html.count(where: { $0 == ">" }) == tags.count, "\(html)")
        for tag in tags {
            #expect(["p", "/p", "sub", "/sub", "strong", "/strong", "code", "/code", "br", "/a"].contains(tag) || tag.hasPrefix(#"a href="https://"#),
                    "\(tag)")
        }
        for link in try HostileText.matches(of: #"<a href="([^"]*)">([^<]*)</a>"#, in: html) where !link[0].hasPrefix("https://matrix.to/") {
            let host = try #require(Link(url: link[0]).host)
            #expect(link[1].lowercased().contains(host), "\(link)")
        }
        #expect(try HostileText.matches(of: "<a ", in: html).count == HostileText.matches(of: #"<a href="[^"]*">"#, in: html).count)
    }
}
