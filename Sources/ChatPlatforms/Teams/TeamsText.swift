import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Teams message text: the words of a command, read from an activity's text and its mention entities, and people's
/// words made safe to show in a card.
enum TeamsText {
    /// The activity's words as tokens, the people it mentions as mentions. Who is mentioned comes from the `mention`
    /// entities, never from the `<at>` markup, which anyone can type: each entity's text (`<at>Bob Smith</at>`, as the
    /// entity writes it) is found in the message and stands for its person.
    static func tokens(text: String, mentions: [(text: String, user: ChatUserID)]) -> [CommandToken] {
        // The markers are taken out of what people wrote first, so no one can type a mention.
        var marked = String(text.filter { $0 != markerStart && $0 != markerEnd })
        var mentioned: [ChatUserID] = []
        for mention in mentions where !mention.text.isEmpty {
            guard let range = marked.range(of: mention.text, options: .caseInsensitive) else { continue }
            marked.replaceSubrange(range, with: " \(markerStart)\(mentioned.count)\(markerEnd) ")
            mentioned.append(mention.user)
        }
        return plainText(marked).split(whereSeparator: \.isWhitespace).map { word in
            if word.first == markerStart, word.last == markerEnd, let index = Int(word.dropFirst().dropLast()), mentioned.indices.contains(index) {
                return .mention(mentioned[index])
            }
            let word = String(word)
            return Link.bare(word).map(CommandToken.link) ?? .word(word)
        }
    }

    /// Private-use characters no one types, which hold a mention's place while the rest is read.
    private static let markerStart: Character = "\u{E000}"
    private static let markerEnd: Character = "\u{E001}"

    /// The text people see: Teams may send a rich message's markup (`<p>`, `<br>`, entities like `&amp;`) in `text`.
    static func plainText(_ text: String) -> String {
        var plain = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "<") {
            plain += rest[..<open]
            let tag = rest[rest.index(after: open)...]
            // A tag starts with a letter or `/` and ends before any other `<`; a `<` typed in the text stays.
            if let first = tag.first, first.isLetter || first == "/", let close = tag.firstIndex(of: ">"), !tag[..<close].contains("<") {
                plain += " "
                rest = tag[tag.index(after: close)...]
            } else {
                plain += "<"
                rest = tag
            }
        }
        plain += rest
        for (entity, character) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            plain = plain.replacingOccurrences(of: entity, with: character)
        }
        return plain
    }

    /// People's words in a card's markdown: the characters that would start emphasis or a link are escaped, and `<at>`
    /// is broken up, since a card shows a mention wherever the text holds one an entity names.
    static func markdown(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "\\*_[]`".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped.replacingOccurrences(of: "<at", with: "<\u{200B}at", options: .caseInsensitive)
    }
}
