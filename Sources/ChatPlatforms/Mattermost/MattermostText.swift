import ChatPlatformKit
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

    /// A person's words shown in a post. Emphasis and code are theirs to use, but a channel-wide mention (`@channel`,
    /// `@all`, `@here`) typed into an ask must not notify everyone each time a reminder quotes it, and Markdown links
    /// and images (`[good.example](https://evil.example)`) would hide where they go: their brackets, and the backslash
    /// that could undo that, are escaped.
    public static func quoting(_ text: String) -> String {
        var result = ""
        for character in defusingBroadcasts(text) {
            if "\\[]".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// A code span around `text` whatever backticks it holds: its fence is longer than any run of them inside.
    static func codeSpan(_ text: String) -> String {
        let longestRun = text.split { $0 != "`" }.map(\.count).max() ?? 0
        let fence = String(repeating: "`", count: longestRun + 1)
        let padding = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + padding + defusingBroadcasts(text) + padding + fence
    }

    static func defusingBroadcasts(_ text: String) -> String {
        BroadcastMentions.defused(text, broadcasts)
    }

    static let broadcasts = ["@channel", "@all", "@here"]
}
