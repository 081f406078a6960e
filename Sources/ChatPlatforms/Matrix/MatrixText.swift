import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Matrix message text: the words of a command read from a message's body or its HTML, and HTML escaping for posts.
public enum MatrixText {
    /// The words of a message as tokens. User ids (`@bob:example.org`) and pills
    /// (`<a href="https://matrix.to/#/@bob:example.org">Bob</a>`) are mentions, web links are links. A rich reply's
    /// quoted fallback is not part of what the person wrote, so it is left out.
    public static func tokens(body: String, formattedBody: String?) -> [CommandToken] {
        var reader = formattedBody.map(MatrixHTMLReader.init)
        return withoutPunctuationAfterMentions(reader?.tokens() ?? wordTokens(withoutReplyFallback(body)))
    }

    /// Clients write a pill as "Bob: " (Element does when a name is picked at the start of a message); the ":" or ","
    /// standing alone after a mention is typography, not part of what is asked.
    private static func withoutPunctuationAfterMentions(_ tokens: [CommandToken]) -> [CommandToken] {
        tokens.enumerated().filter { index, token in
            guard index > 0, case .mention = tokens[index - 1], case .word(let word) = token else { return true }
            return !(word == ":" || word == ",")
        }.map(\.element)
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

    /// A message's plain words as tokens: typed user ids and `matrix.to` links are mentions.
    static func wordTokens(_ text: String) -> [CommandToken] {
        text.split(whereSeparator: \.isWhitespace).map { token(forWord: String($0)) }
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

    /// People's words in a post: `@room` in a body notifies the whole room where `m.mentions` is not understood.
    static func quoting(_ text: String) -> String {
        BroadcastMentions.defused(text, broadcasts)
    }

    static let broadcasts = ["@room"]

    public static func escapeHTML(_ text: String) -> String {
        MarkupEscaping.escaped(text)
    }
}
