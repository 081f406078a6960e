import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Slack's escaped message markup: `<@U123|bob>` user mentions, `<https://…|label>` links, `&amp;` entities.
public enum SlackText {
    /// Splits command text into tokens. Markup inside `<…>` is one token even when its label has spaces.
    public static func tokens(from text: String) -> [CommandToken] {
        // Nearly every command is ASCII, where a byte is a character: read as bytes, without finding where each
        // character ends (a letter and its accents are one), which cost most of reading a command.
        let asciiTokens = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 < 0x80 } ? tokens(fromASCII: bytes) : nil
        } ?? nil
        return asciiTokens ?? characterTokens(from: text)
    }

    /// `tokens(from:)` for text of any characters, one character at a time.
    static func characterTokens(from text: String) -> [CommandToken] {
        AngleMarkup.tokens(from: text, markup: token(ofMarkup:), word: unescape)
    }

    /// `tokens(from:)` for ASCII text, one byte at a time; the same tokens `characterTokens(from:)` finds.
    private static func tokens(fromASCII bytes: UnsafeBufferPointer<UInt8>) -> [CommandToken] {
        var tokens: [CommandToken] = []
        // Allocated once for a command of a few words and mentions, instead of growing four times.
        tokens.reserveCapacity(16)
        var wordStart: Int?
        func flushWord(upTo end: Int) {
            if let start = wordStart { tokens.append(.word(unescape(String(decoding: bytes[start..<end], as: UTF8.self)))) }
            wordStart = nil
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                flushWord(upTo: index)
                guard let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: ">")) else {
                    // Never closed: the rest of the text, spaces and all, is one word.
                    wordStart = index
                    break
                }
                tokens.append(token(ofMarkup: String(decoding: bytes[(index + 1)..<close], as: UTF8.self)))
                index = close + 1
                continue
            }
            if byte.isASCIIWhitespace {
                flushWord(upTo: index)
            } else if wordStart == nil {
                wordStart = index
            }
            index += 1
        }
        flushWord(upTo: bytes.count)
        return tokens
    }

    /// What closed markup stands for: a mention or a link, or else the readable word for it.
    private static func token(ofMarkup inner: String) -> CommandToken {
        markupToken(inner) ?? .word(readableName(ofMarkup: inner))
    }

    private static func markupToken(_ inner: String) -> CommandToken? {
        let (target, rawLabel) = targetAndLabel(ofMarkup: inner)
        let label = rawLabel.map { unescape(String($0)) }
        if target.utf8.first == UInt8(ascii: "@") {
            // After the byte, not the first character: an `@` with a combining mark is no mention.
            let id = target[target.utf8.index(after: target.startIndex)...]
            guard let first = id.utf8.first, first == UInt8(ascii: "U") || first == UInt8(ascii: "W"), id.utf8.count > 1,
                  id.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
            else { return nil }
            return .mention(ChatUserID(String(id)))
        }
        if let link = Link.bare(unescape(String(target))) {
            return .link(Link(url: link.url, label: label.flatMap { $0.isEmpty ? nil : $0 }))
        }
        return nil
    }

    /// Channel and group mentions (`<#C1|general>`, `<!here>`, `<!subteam^S1|@team>`) stay as readable words.
    private static func readableName(ofMarkup inner: String) -> String {
        if let label = targetAndLabel(ofMarkup: inner).label, !label.isEmpty { return unescape(String(label)) }
        if inner.hasPrefix("!") { return "@" + inner.dropFirst() }
        return unescape(inner)
    }

    /// Markup's target and, after the first `|`, its label.
    private static func targetAndLabel(ofMarkup inner: String) -> (target: Substring, label: Substring?) {
        guard let bar = inner.utf8.firstIndex(of: UInt8(ascii: "|")) else { return (inner[...], nil) }
        return (inner[..<bar], inner[inner.utf8.index(after: bar)...])
    }

    /// A message's text as people read it, line breaks kept: mentions as `@U123`, links as `label: address`. Kept as an
    /// answer or turned into an ask, a link must keep where it leads, not only what it was called.
    public static func readable(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { CommandToken.readableText(of: tokens(from: String($0))) }
            .joined(separator: "\n")
    }

    /// Slack escapes exactly these three characters in message text.
    public static func unescape(_ text: String) -> String {
        guard text.containsUTF8Byte(UInt8(ascii: "&")) else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            rest = rest[ampersand...]
            if let (entity, character) = entities.first(where: { rest.hasPrefix($0.0) }) {
                result.append(character)
                rest = rest.dropFirst(entity.count)
            } else {
                result.append("&")
                rest = rest.dropFirst()
            }
        }
        return result + rest
    }

    /// People's words in a post: escaped, so that no `<!channel>`, `<!subteam^…>` or link can be made of them, and with
    /// the broadcasts Slack may find in plain text (`@channel`, `@here`, `@everyone`) kept from notifying anyone.
    static func quoting(_ text: String) -> String {
        escape(BroadcastMentions.defused(text, broadcasts))
    }

    static let broadcasts = ["@channel", "@here", "@everyone"]

    public static func escape(_ text: String) -> String {
        guard text.containsUTF8Byte(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) else {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }

    private static let entities: [(String, Character)] = [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")]
}
