import Foundation
import UnhurriedCore

/// Mattermost's message text: plain words with `@username` mentions, shown as Markdown.
public enum MattermostText {
    /// Splits command text into tokens; `@name` is a mention when Mattermost resolved that name to a user.
    public static func tokens(from text: String, mentions: [String: ChatUserID]) -> [CommandToken] {
        text.split(whereSeparator: \.isWhitespace).map { word in
            guard word.hasPrefix("@") else { return .word(String(word)) }
            // "@bob," — punctuation typed after a mention is not part of the name (names may hold "." "-" "_").
            // Usernames are lower case; Mattermost resolves `@Bob` to bob's id under "bob".
            let name = String(word.dropFirst().reversed().drop { ",;:!?)".contains($0) }.reversed()).lowercased()
            let trimmed = name.hasSuffix(".") ? String(name.dropLast()) : name
            if let user = mentions[name] ?? mentions[trimmed] { return .mention(user) }
            return .word(String(word))
        }
    }

    /// A person's words shown in a post: Markdown is theirs to use, but a channel-wide mention (`@channel`,
    /// `@all`, `@here`) typed into an ask must not notify everyone each time a reminder quotes it.
    public static func quoting(_ text: String) -> String {
        var result = text
        for mention in ["@channel", "@all", "@here"] where result.localizedCaseInsensitiveContains(mention) {
            result = result.replacingOccurrences(of: mention, with: "@\u{200B}" + mention.dropFirst(), options: .caseInsensitive)
        }
        return result
    }
}
