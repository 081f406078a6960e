import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Matrix message text: the words of a command read from a message's body or its HTML, and HTML escaping for posts.
public enum MatrixText {
    /// The words of a message as tokens. User ids (`@bob:example.org`) and pills
    /// (`<a href="https://matrix.to/#/@bob:example.org">Bob</a>`) are mentions, web links are links. A rich reply's
    /// quoted fallback is not part of what the person wrote, so it is left out.
    public static func tokens(body: String, formattedBody: String?) -> [CommandToken] {
        if let formattedBody { return tokens(html: formattedBody) }
        return words(in: withoutReplyFallback(body)).map(token(forWord:))
    }

    /// The text a person wrote in a plain body: the `> ` lines that quote the message replied to, and the blank line
    /// after them, are the reply fallback.
    public static func withoutReplyFallback(_ body: String) -> String {
        guard body.hasPrefix("> ") else { return body }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.drop { $0.hasPrefix(">") }.drop { $0.isEmpty }.joined(separator: "\n")
    }

    /// The user a `matrix.to` link or a typed id names.
    public static func userID(inMatrixTo href: String) -> ChatUserID? {
        guard let fragment = href.range(of: "matrix.to/#/") else { return nil }
        let target = href[fragment.upperBound...].prefix { $0 != "?" }
        return userID(String(target).removingPercentEncoding ?? String(target))
    }

    public static func userID(_ text: String) -> ChatUserID? {
        guard text.hasPrefix("@"), let colon = text.firstIndex(of: ":"), colon > text.index(after: text.startIndex),
              text.index(after: colon) < text.endIndex, !text.contains(where: \.isWhitespace) else { return nil }
        return ChatUserID(text)
    }

    private static func token(forWord word: String) -> CommandToken {
        if word.hasPrefix("@") {
            // "@bob:example.org," — punctuation typed after a mention is not part of the id.
            let trimmed = String(word.reversed().drop { ",.;:!?)".contains($0) }.reversed())
            if let user = userID(trimmed) { return .mention(user) }
        }
        if let user = userID(inMatrixTo: word) { return .mention(user) }
        return .word(word)
    }

    private static func words(in text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// Reads the small part of HTML that chat clients send: links become tokens, line-breaking tags separate words,
    /// other tags are dropped, entities are decoded, and `<mx-reply>` (the quoted message) is skipped.
    private static func tokens(html: String) -> [CommandToken] {
        var tokens: [CommandToken] = []
        var text = ""
        func flushText() {
            tokens += words(in: unescapeHTML(text)).map(token(forWord:))
            text = ""
        }
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            text += rest[..<open]
            guard let close = rest[open...].firstIndex(of: ">") else {
                rest = rest[open...]
                break
            }
            let tag = rest[rest.index(after: open)..<close]
            let name = (tag.hasPrefix("/") ? "/" : "") + tag.drop { $0 == "/" }.prefix { !$0.isWhitespace && $0 != "/" }.lowercased()
            rest = rest[rest.index(after: close)...]
            switch name {
            case "mx-reply":
                if let end = rest.range(of: "</mx-reply>", options: .caseInsensitive) { rest = rest[end.upperBound...] }
            case "a":
                flushText()
                let labelEnd = rest.range(of: "</a>", options: .caseInsensitive)
                let label = unescapeHTML(String(rest[..<(labelEnd?.lowerBound ?? rest.endIndex)]).replacingOccurrences(
                    of: "<[^>]*>", with: "", options: .regularExpression))
                rest = labelEnd.map { rest[$0.upperBound...] } ?? rest[rest.endIndex...]
                let href = attribute("href", in: tag).map(unescapeHTML) ?? ""
                if let user = userID(inMatrixTo: href) {
                    tokens.append(.mention(user))
                } else if let link = Link.bare(href) {
                    let trimmed = label.trimmingCharacters(in: .whitespaces)
                    tokens.append(.link(Link(url: link.url, label: trimmed.isEmpty || trimmed == href ? nil : trimmed)))
                } else {
                    tokens += words(in: label).map(token(forWord:))
                }
            default:
                // Block and line-break tags separate words; inline ones (strong, code, em) do not.
                if ["br", "p", "/p", "div", "/div", "li", "/li", "blockquote", "/blockquote"].contains(name) { text += " " }
            }
        }
        text += rest
        flushText()
        return tokens
    }

    private static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let start = tag.range(of: "\(name)=", options: .caseInsensitive) else { return nil }
        var value = tag[start.upperBound...]
        if let quote = value.first, quote == "\"" || quote == "'" {
            value = value.dropFirst()
            return String(value.prefix { $0 != quote })
        }
        return String(value.prefix { !$0.isWhitespace })
    }

    /// People's words in a post: `@room` in a body notifies the whole room where `m.mentions` is not understood.
    static func quoting(_ text: String) -> String {
        BroadcastMentions.defused(text, broadcasts)
    }

    static let broadcasts = ["@room"]

    public static func escapeHTML(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    static func unescapeHTML(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = text
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result
    }
}
