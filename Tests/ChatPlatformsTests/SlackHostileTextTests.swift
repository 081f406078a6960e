import ChatPlatformKit
import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

/// Whatever people type into an ask, the card and the reminder Slack shows notify nobody beyond the people asked, and
/// every link shows where it goes.
@Suite struct SlackHostileTextTests {
    /// Typed as Slack sends it: `&`, `<` and `>` that are text arrive escaped.
    static let cases: [HostileText.Case] = [
        // Issue 15: the address ended its own link and opened a broadcast.
        .init(typed: "see https://x.example&gt;&lt;!channel&gt; is this ok?", shows: "see https://x.example&gt;&lt;!channel&gt; is this ok?"),
        .init(typed: "ping <!here> <!everyone> <!channel> <!subteam^S123> <!subteam^S1|@design>",
             shows: "ping @\u{200B}here @\u{200B}everyone @\u{200B}channel @subteam^S123 @design"),
        .init(typed: "ping @here @Channel @EVERYONE", shows: "ping @\u{200B}here @\u{200B}Channel @\u{200B}EVERYONE"),
        .init(typed: "&lt;!channel&gt; &lt;!here&gt; &lt;@U0EVE&gt; &lt;https://evil.example|x&gt;",
             shows: "&lt;!channel&gt; &lt;!here&gt; &lt;@U0EVE&gt; &lt;https://evil.example|x&gt;"),
        .init(typed: "see <https://good.example|<!channel>>", shows: "<https://good.example|&lt;!channel (good.example)>"),
        .init(typed: "see <https://good.example|&lt;!channel&gt;>", shows: "<https://good.example|&lt;!channel&gt; (good.example)>"),
        .init(typed: "see <https://evil.example|https://good.example>", shows: "<https://evil.example|https://good.example (evil.example)>"),
        .init(typed: "see <https://good.example@evil.example/|good.example>", shows: "<https://good.example@evil.example/|good.example (evil.example)>"),
        .init(typed: "see https://good.example@evil.example/", shows: "<https://good.example@evil.example/|https://good.example@evil.example/ (evil.example)>"),
        .init(typed: "see <https://example.com/q3|Q3 brief>", shows: "<https://example.com/q3|Q3 brief (example.com)>"),
        .init(typed: "see <https://example.com/q3|example.com/q3>", shows: "<https://example.com/q3|example.com/q3>"),
        .init(typed: "see https://example.com/a)b]c|d", shows: "<https://example.com/a)b]c%7Cd|https://example.com/a)b]c¦d>"),
        .init(typed: #"see <https://example.com/a b "c"|the doc>"#, shows: "<https://example.com/a%20b%20%22c%22|the doc (example.com)>"),
        .init(typed: "see https://exämple.com/päth", shows: "<https://ex%C3%A4mple.com/p%C3%A4th|https://exämple.com/päth (ex%c3%a4mple.com)>"),
        .init(typed: "see <https://e.example/?a=1&amp;b=2|a|b>", shows: "<https://e.example/?a=1&amp;b=2|a¦b (e.example)>"),
        .init(typed: "see <https://evil.example|\u{202E}elpmaxe.doog>", shows: "<https://evil.example|elpmaxe.doog (evil.example)>"),
        .init(typed: "see https://x.example:&lt;!here&gt; and http://", shows: "see https://x.example:&lt;!here&gt; and http://"),
    ]

    private static let bob = ChatUserID("U0BOB")
    private static let alice = ChatUserID("U0ALICE")
    /// Profile names are people's text too.
    private static let names = [bob: "Bob <!here> & @channel", alice: "<!subteam^S1> Alice"]

    @Test(arguments: cases)
    func aCardAndItsReminderBroadcastNothingAndShowWhereLinksGo(_ hostile: HostileText.Case) throws {
        let tokens = SlackText.tokens(from: "<@U0BOB|bob> \(hostile.typed)")
        let channel = ChatChannel(platform: "slack", workspaceID: "T0TEAM", channelID: "C0GENERAL")
        var mrkdwn: [[String]] = []
        for post in try HostileText.posts(asking: tokens, in: channel, by: Self.alice) {
            let body = SlackMessageRenderer.postMessage(post, channel: channel.channelID, idempotencyKey: "k", names: Self.names)
            let json = try #require(try JSONSerialization.jsonObject(with: body.encoded()) as? [String: Any])
            let fallback = try #require(json["text"] as? String)
            #expect(!fallback.contains("<") && !fallback.contains(">"), "\(fallback)")
            mrkdwn.append(try #require(json["blocks"] as? [[String: Any]]).flatMap(Self.mrkdwn))
        }
        for text in mrkdwn.joined() { try Self.expectNoBroadcastAndHonestLinks(text) }
        let card = mrkdwn[0].joined(separator: "\n")
        #expect(card.contains(hostile.shows), "\(card)")
        #expect(card.contains("*Bob &lt;!here&gt; &amp; @\u{200B}channel*"))
    }

    @Test func aUserIDCannotEndItsMention() {
        #expect(SlackMessageRenderer.mrkdwn(RichText([.user(ChatUserID("U1><!channel"))])) == "<@U1&gt;&lt;!channel>")
    }

    /// The mrkdwn of a section or a context block.
    private static func mrkdwn(_ block: [String: Any]) -> [String] {
        let texts = [block["text"] as? [String: Any]] + ((block["elements"] as? [[String: Any]]) ?? []).map(Optional.some)
        return texts.compactMap { $0?["type"] as? String == "mrkdwn" ? $0?["text"] as? String : nil }
    }

    /// Every `<…>` is the bot's own: a person by id, a time, or a link whose text names its host. Nothing people typed
    /// opens or closes one, and no plain-text broadcast is left for Slack to find.
    private static func expectNoBroadcastAndHonestLinks(_ mrkdwn: String) throws {
        let markup = try HostileText.matches(of: "<([^<>]*)>", in: mrkdwn).map { $0[0] }
        #expect(mrkdwn.count(where: { $0 == "<" }) == markup.count && mrkdwn.count(where: { $0 == ">" }) == markup.count, "\(mrkdwn)")
        for inner in markup where !inner.hasPrefix("@U") && !inner.hasPrefix("!date^") {
            let parts = inner.split(separator: "|", maxSplits: 1).map(String.init)
            let target = SlackText.unescape(parts[0])
            #expect(target.hasPrefix("https://") || target.hasPrefix("http://"), "\(inner) is neither a person, a time nor a link")
            #expect(!target.contains { " |\"".contains($0) }, "\(inner)")
            let host = try #require(Link(url: target).host)
            #expect(parts.count == 2 && SlackText.unescape(parts[1]).lowercased().contains(host), "\(inner)")
        }
        for broadcast in ["@here", "@channel", "@everyone"] { #expect(!mrkdwn.lowercased().contains(broadcast), "\(mrkdwn)") }
    }
}
