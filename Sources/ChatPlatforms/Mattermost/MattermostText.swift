import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Mattermost's message text: plain words with `@username` mentions, shown as Markdown.
public enum MattermostText {
    /// Splits command text into tokens; `@name` is a mention when Mattermost resolved that name to a user, and a
    /// Markdown link to a web page (`[the Q3 brief](https://example.com/q3)`) is a link with its label.
    ///
    /// One pass: the `]` each `[` could close with is found by a pointer that only moves forward, and what follows a
    /// `]` is read once however many `[` share it, so no text costs more than its length.
    public static func tokens(from text: String, mentions: [String: ChatUserID]) -> [CommandToken] {
        // Most commands hold no bracket: they need none of the link reading's arrays.
        guard text.contains("[") else { return words(text, mentions: mentions) }
        let characters = Array(text)
        let closings = characters.indices.filter { characters[$0] == "]" }
        let newlines = characters.indices.filter { characters[$0].isNewline }
        let visible = characters.indices.filter { !characters[$0].isWhitespace }
        var next = 0
        var nextNewline = 0
        var nextVisible = 0
        var readAfter: (close: Int, link: (url: String, end: Int)?)?
        var tokens: [CommandToken] = []
        var proseStart = 0
        var index = 0
        while index < characters.count {
            // `\[` is a bracket its writer escaped, not a link.
            guard characters[index] == "[", index == 0 || characters[index - 1] != "\\" else {
                index += 1
                continue
            }
            while next < closings.count, closings[next] <= index { next += 1 }
            guard next < closings.count else { break }
            let close = closings[next]
            if readAfter?.close != close { readAfter = (close, target(after: close, in: characters)) }
            // A label is one line with a word in it, judged by pointers that also only move forward.
            while nextNewline < newlines.count, newlines[nextNewline] <= index { nextNewline += 1 }
            while nextVisible < visible.count, visible[nextVisible] <= index { nextVisible += 1 }
            let oneLine = nextNewline == newlines.count || newlines[nextNewline] > close
            let hasWords = nextVisible < visible.count && visible[nextVisible] < close
            guard let (url, end) = readAfter?.link, oneLine, hasWords else {
                index += 1
                continue
            }
            let label = String(characters[(index + 1)..<close]).trimmingCharacters(in: .whitespaces)
            tokens += words(String(characters[proseStart..<index]), mentions: mentions)
            tokens.append(.link(Link(url: url, label: label == url ? nil : label)))
            index = end
            proseStart = end
        }
        return tokens + words(String(characters[proseStart...]), mentions: mentions)
    }

    /// The web address of `](https://…)` right after the `]` at `close`, and where the link ends; nil when none is.
    private static func target(after close: Int, in characters: [Character]) -> (url: String, end: Int)? {
        guard close + 1 < characters.count, characters[close + 1] == "(" else { return nil }
        var end = close + 2
        while end < characters.count, characters[end] != ")", !characters[end].isWhitespace { end += 1 }
        guard end < characters.count, characters[end] == ")", let link = Link.bare(String(characters[(close + 2)..<end])) else { return nil }
        return (link.url, end + 1)
    }

    private static func words(_ text: String, mentions: [String: ChatUserID]) -> [CommandToken] {
        text.split(whereSeparator: \.isWhitespace).map { word in
            guard let names = mentionNames(word) else { return .word(String(word)) }
            if let user = mentions[names.name] ?? mentions[names.trimmed] { return .mention(user) }
            return .word(String(word))
        }
    }

    /// The usernames `text` may mention, for looking them up where Mattermost did not resolve them (a post read back).
    public static func mentionedUsernames(in text: String) -> [String] {
        var seen: Set<String> = []
        return text.split(whereSeparator: \.isWhitespace).compactMap(mentionNames).flatMap { [$0.name, $0.trimmed] }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The name `@word` mentions, lower case, and the same without a trailing full stop; nil when it is no mention.
    private static func mentionNames(_ word: Substring) -> (name: String, trimmed: String)? {
        guard word.hasPrefix("@") else { return nil }
        // "@bob," — punctuation typed after a mention is not part of the name (names may hold "." "-" "_").
        // Usernames are lower case; Mattermost resolves `@Bob` to bob's id under "bob".
        let name = String(word.dropFirst().reversed().drop { ",;:!?)".contains($0) }.reversed()).lowercased()
        return (name, name.hasSuffix(".") ? String(name.dropLast()) : name)
    }

    /// A person's words shown in a post. Emphasis and code are theirs to use, but a channel-wide mention (`@channel`,
    /// `@all`, `@here`) typed into an ask must not notify everyone each time a reminder quotes it, and Markdown links
    /// and images (`[good.example](https://evil.example)`) would hide where they go: their brackets, and the backslash
    /// that could undo that, are escaped.
    /// In a post that calls nobody, `callingNobody`, a person's `@username` in their words is written so that it does
    /// not notify them either.
    public static func quoting(_ text: String, callingNobody: Bool = false) -> String {
        var result = ""
        // The two characters before this one: a mention's `@` starts a word, as an address's does not.
        var (beforeLast, last): (Character?, Character?) = (nil, nil)
        for character in defusingBroadcasts(text) {
            let startsMention = last == "@" && !(beforeLast.map { $0.isLetter || $0.isNumber || "._-".contains($0) } ?? false)
            if callingNobody, startsMention, character.isLetter || character.isNumber || character == "_" { result.append("\u{200B}") }
            if "\\[]".contains(character) { result.append("\\") }
            result.append(character)
            (beforeLast, last) = (last, character)
        }
        return result
    }

    /// A code span around `text` whatever backticks it holds: its fence is longer than any run of them inside.
    static func codeSpan(_ text: String) -> String {
        CodeSpan.fenced(defusingBroadcasts(text))
    }

    static func defusingBroadcasts(_ text: String) -> String {
        BroadcastMentions.defused(text, broadcasts)
    }

    static let broadcasts = ["@channel", "@all", "@here"]
}
