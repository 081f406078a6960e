import Foundation
import UnhurriedCore

/// Reads the small part of HTML that chat clients send in a `formatted_body`: links become tokens, line-breaking tags
/// separate words, other tags are dropped, entities are decoded, and `<mx-reply>` (the quoted message) is skipped.
///
/// One forward pass over the UTF-8 bytes. Whatever the HTML (a thousand `<mx-reply>` never closed, a link's label
/// full of `<`), each byte is looked at a few times at most: an event of a transaction the homeserver resends on a
/// timeout must cost its length, not its length squared.
struct MatrixHTMLReader {
    private let html: [UInt8]
    private var position = 0
    private var replyEnd = ForwardSearch(for: "</mx-reply>")
    private var linkEnd = ForwardSearch(for: "</a>")
    private var bytesLookedAt = 0

    init(_ html: String) {
        self.html = Array(html.utf8)
    }

    /// How many bytes the reading looked at: a small multiple of the HTML's length whatever it holds, which tests
    /// check rather than time the reading.
    var bytesExamined: Int { bytesLookedAt + replyEnd.bytesExamined + linkEnd.bytesExamined }

    /// Block and line-break tags separate words; inline ones (strong, code, em) do not.
    private static let wordBreakingTags: Set<String> = ["br", "p", "/p", "div", "/div", "li", "/li", "blockquote", "/blockquote"]

    /// The HTML's tokens; a reader reads its HTML once.
    mutating func tokens() -> [CommandToken] {
        var tokens: [CommandToken] = []
        var text: [UInt8] = []
        while let open = firstIndex(of: UInt8(ascii: "<"), in: html[position...]) {
            text += html[position..<open]
            guard let close = firstIndex(of: UInt8(ascii: ">"), in: html[(open + 1)...]) else {
                position = open
                break
            }
            let tag = html[(open + 1)..<close]
            position = close + 1
            switch name(ofTag: tag) {
            case "mx-reply":
                if let end = replyEnd.firstMatch(in: html[...], from: position) { position = end.upperBound }
            case "a":
                tokens += MatrixText.wordTokens(unescaped(text[...]))
                text = []
                tokens += link(openedBy: tag)
            case let name where Self.wordBreakingTags.contains(name):
                text.append(UInt8(ascii: " "))
            default:
                break
            }
        }
        text += html[position...]
        tokens += MatrixText.wordTokens(unescaped(text[...]))
        return tokens
    }

    /// `a`, `/p`, `mx-reply`: the tag's name in lower case, a closing tag's with its slash.
    private mutating func name(ofTag tag: ArraySlice<UInt8>) -> String {
        bytesLookedAt += tag.count
        // Decoded whole, so that a name ends at any space a `Character` calls one.
        let tag = String(decoding: tag, as: UTF8.self)
        return (tag.hasPrefix("/") ? "/" : "") + tag.drop { $0 == "/" }.prefix { !$0.isWhitespace && $0 != "/" }.lowercased()
    }

    /// The tokens of `<a href="…">label</a>` once its opening tag is read: a pill is a mention, a web link a link
    /// (labelled unless the label only repeats the address), anything else the label's words.
    private mutating func link(openedBy tag: ArraySlice<UInt8>) -> [CommandToken] {
        let labelEnd = linkEnd.firstMatch(in: html[...], from: position)
        let label = unescaped(withoutTags(html[position..<(labelEnd?.lowerBound ?? html.count)])[...])
        position = labelEnd?.upperBound ?? html.count
        let href = hrefValue(in: tag).map { unescaped($0) } ?? ""
        if let user = MatrixText.userID(inMatrixTo: href) { return [.mention(user)] }
        if let link = Link.bare(href) {
            let trimmed = label.trimmingCharacters(in: .whitespaces)
            return [.link(Link(url: link.url, label: trimmed.isEmpty || trimmed == href ? nil : trimmed))]
        }
        return MatrixText.wordTokens(label)
    }

    /// The value of the tag's first `href=`, quoted or up to a space, as written.
    private mutating func hrefValue(in tag: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var search = ForwardSearch(for: "href=")
        defer { bytesLookedAt += search.bytesExamined }
        guard let name = search.firstMatch(in: tag, from: tag.startIndex) else { return nil }
        let value = tag[name.upperBound...]
        bytesLookedAt += value.count
        if let quote = value.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            return value.dropFirst().prefix { $0 != quote }
        }
        let unquoted = String(decoding: value, as: UTF8.self).prefix { !$0.isWhitespace }
        return value.prefix(unquoted.utf8.count)
    }

    /// A label without the tags inside it (`the <b>plan</b>`): each `<` up to the next `>` goes; a `<` that no `>`
    /// follows stays, with all after it.
    private mutating func withoutTags(_ label: ArraySlice<UInt8>) -> [UInt8] {
        var kept: [UInt8] = []
        kept.reserveCapacity(label.count)
        var rest = label
        while let open = firstIndex(of: UInt8(ascii: "<"), in: rest) {
            kept += rest[..<open]
            guard let close = firstIndex(of: UInt8(ascii: ">"), in: rest[(open + 1)...]) else {
                rest = rest[open...]
                break
            }
            rest = rest[(close + 1)...]
        }
        return kept + rest
    }

    private static let entities: [(entity: [UInt8], character: UInt8)] = {
        let entities: [(String, Unicode.Scalar)] = [
            ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&nbsp;", " "), ("&amp;", "&"),
        ]
        return entities.map { (Array($0.utf8), UInt8(ascii: $1)) }
    }()

    /// Text with the entities clients write decoded once: `&amp;lt;` is `&lt;`, as typed.
    private mutating func unescaped(_ text: ArraySlice<UInt8>) -> String {
        bytesLookedAt += text.count
        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == UInt8(ascii: "&"), let (entity, character) = Self.entities.first(where: { text[index...].starts(with: $0.entity) }) {
                result.append(character)
                index += entity.count
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private mutating func firstIndex(of byte: UInt8, in bytes: ArraySlice<UInt8>) -> Int? {
        let found = bytes.firstIndex(of: byte)
        bytesLookedAt += (found.map { $0 + 1 } ?? bytes.endIndex) - bytes.startIndex
        return found
    }
}

/// The first place, at or after a position that only moves forward, where an ASCII pattern is written in any case.
/// It remembers what it found, or that nothing was there: a thousand `<mx-reply>` that are never closed search the
/// rest of the event for `</mx-reply>` once, not a thousand times.
private struct ForwardSearch {
    private let pattern: [UInt8]
    private var searchedFrom: Int?
    private var found: Range<Int>?
    private(set) var bytesExamined = 0

    /// The pattern's first byte appears nowhere else in it, so a partial match that fails lets the search skip past
    /// the bytes it matched; lower case, as the bytes it is compared with are lowered.
    init(for pattern: String) {
        self.pattern = Array(pattern.utf8)
        precondition(!self.pattern.dropFirst().contains(self.pattern[0]) && pattern == pattern.lowercased())
    }

    mutating func firstMatch(in bytes: ArraySlice<UInt8>, from start: Int) -> Range<Int>? {
        if let searchedFrom, searchedFrom <= start, found.map({ $0.lowerBound >= start }) ?? true { return found }
        searchedFrom = start
        found = nil
        var candidate = start
        while candidate + pattern.count <= bytes.endIndex {
            var matched = 0
            while matched < pattern.count, Self.lowered(bytes[candidate + matched]) == pattern[matched] { matched += 1 }
            bytesExamined += matched + 1
            if matched == pattern.count {
                found = candidate..<(candidate + matched)
                break
            }
            candidate += max(matched, 1)
        }
        return found
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
