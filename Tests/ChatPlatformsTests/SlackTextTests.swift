@testable import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

@Suite struct SlackTextTests {
    @Test func readsMentionsWithAndWithoutNames() {
        #expect(SlackText.tokens(from: "<@U123|bob> <@W9ABC> hi") == [
            .mention(ChatUserID("U123")), .mention(ChatUserID("W9ABC")), .word("hi"),
        ])
    }

    @Test func readsLabelledAndBareLinks() {
        #expect(SlackText.tokens(from: "see <https://example.com/a?b=1&amp;c=2|the Q3 brief> and <https://x.org/y>") == [
            .word("see"), .link(Link(url: "https://example.com/a?b=1&c=2", label: "the Q3 brief")), .word("and"),
            .link(Link(url: "https://x.org/y")),
        ])
    }

    /// A reply kept with its ask keeps where its links lead, not only what they were called.
    @Test func readableTextKeepsALabelledLinksAddress() {
        #expect(SlackText.readable("see <https://example.com/a?b=1&amp;c=2|the Q3 brief>\nand <http://x.org|x.org> or <https://x.org/y>")
            == "see the Q3 brief: https://example.com/a?b=1&c=2\nand http://x.org or https://x.org/y")
    }

    @Test func keepsChannelAndGroupMentionsAsReadableWords() {
        #expect(SlackText.tokens(from: "<#C1|general> <!here> <!subteam^S1|@design>") == [
            .word("general"), .word("@here"), .word("@design"),
        ])
    }

    @Test func unescapesEntitiesAndKeepsUnclosedMarkup() {
        #expect(SlackText.tokens(from: "R&amp;D &lt;3 <@U1") == [.word("R&D"), .word("<3"), .word("<@U1")])
    }

    @Test func ignoresMalformedMentions() {
        #expect(SlackText.tokens(from: "<@bob>") == [.word("@bob")])
        // An `@` with a combining mark is another character: what follows it names nobody.
        #expect(SlackText.tokens(from: "<@\u{301}U123>") == [.word("@\u{301}U123")])
    }

    /// ASCII commands are read byte by byte; they must come out as reading them character by character does.
    @Test func readsASCIIByteByByteAsCharacterByCharacter() {
        let pieces = [
            "<", ">", "|", "@", "!", "#", "&", "&amp;", "&lt;", "&gt", " ", "  ", "\t", "\n", "\r\n", "\u{b}", "U", "W", "U12", "W9A", "u1",
            "ask", "review", "https://", "http://x.org", "https://example.com/a?b=1", "mailto:x", "^", "S1", "<@U1|bob>", "<!here>", "-",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(SlackText.tokens(from: text) == SlackText.characterTokens(from: text), "\(text.debugDescription)")
        }
    }

    @Test func escapesTextWhenRendering() {
        let text = RichText([.text("a < b & c"), .user(ChatUserID("U1")), .link(Link(url: "https://e.com", label: "x|y"))])
        #expect(SlackMessageRenderer.mrkdwn(text) == "a &lt; b &amp; c<@U1><https://e.com|x¦y (e.com)>")
    }

    @Test func rendersTimesForEachReadersZone() {
        let text = RichText([.time(Date(timeIntervalSince1970: 1_795_000_000))])
        #expect(SlackMessageRenderer.mrkdwn(text) == "<!date^1795000000^{date_short_pretty} {time}|2026-11-18 11:06 UTC>")
    }
}
