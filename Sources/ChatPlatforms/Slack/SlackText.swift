import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Slack's escaped message markup: `<@U123|bob>` user mentions, `<https://…|label>` links, `&amp;` entities.
public enum SlackText {
    /// Splits command text into tokens. Markup inside `<…>` is one token even when its label has spaces.
    public static func tokens(from text: String) -> [CommandToken] {
        var tokens: [CommandToken] = []
        var word = ""
        var iterator = text.makeIterator()
        func flushWord() {
            if !word.isEmpty { tokens.append(.word(unescape(word))) }
            word = ""
        }
        while let character = iterator.next() {
            if character == "<" {
                flushWord()
                var inner = ""
                var closed = false
                while let next = iterator.next() {
                    if next == ">" { closed = true; break }
                    inner.append(next)
                }
                if closed, let token = markupToken(inner) {
                    tokens.append(token)
                } else if closed {
                    tokens.append(.word(readableName(ofMarkup: inner)))
                } else {
                    word = "<" + inner
                }
            } else if separatesWords(character) {
                flushWord()
            } else {
                word.append(character)
            }
        }
        flushWord()
        return tokens
    }

    /// `Character.isWhitespace`, with ASCII (nearly every character of a command) answered without Unicode's
    /// property tables, which cost a few hundred instructions a character.
    private static func separatesWords(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return character.isWhitespace }
        return ascii == UInt8(ascii: " ") || (0x09...0x0D).contains(ascii)
    }

    private static func markupToken(_ inner: String) -> CommandToken? {
        let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let target = String(parts[0])
        let label = parts.count > 1 ? unescape(String(parts[1])) : nil
        if target.hasPrefix("@") {
            let id = target.dropFirst()
            guard let first = id.first, first == "U" || first == "W", id.count > 1,
                  id.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else { return nil }
            return .mention(ChatUserID(String(id)))
        }
        if let link = Link.bare(unescape(target)) {
            return .link(Link(url: link.url, label: label.flatMap { $0.isEmpty ? nil : $0 }))
        }
        return nil
    }

    /// Channel and group mentions (`<#C1|general>`, `<!here>`, `<!subteam^S1|@team>`) stay as readable words.
    private static func readableName(ofMarkup inner: String) -> String {
        let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count > 1, !parts[1].isEmpty { return unescape(String(parts[1])) }
        if inner.hasPrefix("!") { return "@" + inner.dropFirst() }
        return unescape(inner)
    }

    /// A message's text as people read it, line breaks kept: mentions as `@U123`, links as their label or address.
    public static func readable(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            tokens(from: String(line)).map { token in
                if case .link(let link) = token { return link.label ?? link.url }
                return token.plainText
            }.joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// Slack escapes exactly these three characters in message text.
    public static func unescape(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
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
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) else {
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
