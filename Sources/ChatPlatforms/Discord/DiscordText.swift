import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Discord's message markup: `<@123>` (and the older `<@!123>`) mention a person, `<https://…>` is a link shown
/// without a preview; the rest is Markdown.
public enum DiscordText {
    /// Splits a command's text into tokens. Discord's client writes a person picked in a command's text as `<@id>`.
    public static func tokens(from text: String) -> [CommandToken] {
        AngleMarkup.tokens(from: text, markup: token(ofMarkup:), word: { $0 })
    }

    /// Discord's ids (snowflakes) are decimal numbers.
    public static func isSnowflake(_ text: some StringProtocol) -> Bool {
        (1...20).contains(text.utf8.count) && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// A person's mention, a link, or else the markup as typed: a channel (`<#1>`), a role (`<@&1>`) or a timestamp
    /// stays a word that reads back as what it was.
    private static func token(ofMarkup inner: String) -> CommandToken {
        if inner.hasPrefix("@") {
            let id = inner.dropFirst(inner.hasPrefix("@!") ? 2 : 1)
            if isSnowflake(id) { return .mention(ChatUserID(String(id))) }
        }
        if let link = Link.bare(inner) { return .link(link) }
        return .word("<\(inner)>")
    }

    /// People's words in a post, so that none of them formats the post or makes markup: Markdown's characters and
    /// `<` are escaped with a backslash, which Discord drops; those that only start a heading, a list or a quote do so
    /// at the start of a line, where `text` starts when `atLineStart`. A web address is left whole, as Discord links it.
    static func quoting(_ text: String, atLineStart startsLine: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: { markdownCharacters.contains($0) || lineStartCharacters.contains($0) }) else { return text }
        var result = ""
        var word = ""
        var atLineStart = startsLine
        func flushWord() {
            guard !word.isEmpty else { return }
            result += Link.bare(word) != nil ? linked(word) : escaped(word, atLineStart: atLineStart)
            word = ""
            atLineStart = false
        }
        for character in text {
            if character.isWhitespace {
                flushWord()
                result.append(character)
                if character.isNewline { atLineStart = true }
            } else {
                word.append(character)
            }
        }
        flushWord()
        return result
    }

    private static func escaped(_ word: String, atLineStart: Bool) -> String {
        var result = ""
        for scalar in word.unicodeScalars {
            if markdownCharacters.contains(scalar) || (atLineStart && result.isEmpty && lineStartCharacters.contains(scalar)) {
                result.append("\\")
            }
            result.unicodeScalars.append(scalar)
        }
        // `1.` starts a numbered list.
        if atLineStart, result.last == ".", result.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }), result.count > 1 {
            result.insert("\\", at: result.index(before: result.endIndex))
        }
        return result
    }

    /// A web address as Discord links it, with `<` and `>` percent-encoded as a browser would send them, so that nothing
    /// inside it reads as markup (`https://x.example/<@&1>` would show a role).
    private static func linked(_ word: String) -> String {
        word.replacingOccurrences(of: "<", with: "%3C").replacingOccurrences(of: ">", with: "%3E")
    }

    /// Emphasis, strikethrough, spoilers, code, masked links and markup.
    private static let markdownCharacters: Set<Unicode.Scalar> = ["\\", "*", "_", "~", "`", "|", "<", "[", "]"]
    /// Headings, lists, small text and quotes.
    private static let lineStartCharacters: Set<Unicode.Scalar> = ["#", "-", ">"]
}
