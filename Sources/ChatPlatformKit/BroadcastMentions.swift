import Foundation

/// The words that notify everyone in a channel or room when a platform finds them in a post.
package enum BroadcastMentions {
    /// `text` as it reads, with a zero-width space after the `@` of each of `mentions` in any case (the case kept), so
    /// that it names them without notifying anyone. In an address the `@` is written `at`, `%40`, which opens the same page.
    package static func defused(_ text: String, _ mentions: [String], writingAtSignAs at: String = "@\u{200B}") -> String {
        mentions.reduce(text) { text, mention in
            var result = ""
            var rest = Substring(text)
            while let found = rest.range(of: mention, options: .caseInsensitive) {
                result += rest[..<found.lowerBound] + at + rest[found].dropFirst()
                rest = rest[found.upperBound...]
            }
            return result + rest
        }
    }
}
