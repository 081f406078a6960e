import Foundation
import UnhurriedCore

/// An item's links as its `links` column holds them: a JSON array of `{"url":…,"label":…}` objects, the label left out
/// when there is none. Written and read here by hand: JSONEncoder and JSONDecoder cost more per item than the rest of
/// storing or reading it, and the scheduler reads hundreds of items a tick. Any other JSON a column may hold (another
/// key order, spacing, a `null` label) is read by JSONDecoder, so every value reads as it did before.
enum StoredLinks {
    static func text(of links: [Link]) -> String {
        var text: [UInt8] = [UInt8(ascii: "[")]
        for (index, link) in links.enumerated() {
            text.append(contentsOf: (index == 0 ? #"{"url":"# : #",{"url":"#).utf8)
            text.appendJSONQuoted(link.url)
            if let label = link.label {
                text.append(contentsOf: #","label":"#.utf8)
                text.appendJSONQuoted(label)
            }
            text.append(UInt8(ascii: "}"))
        }
        text.append(UInt8(ascii: "]"))
        return String(decoding: text, as: UTF8.self)
    }

    static func links(from text: String) throws -> [Link] {
        var reader = Reader(bytes: Array(text.utf8))
        if let links = reader.readLinks(), reader.isAtEnd { return links }
        return try JSONDecoder().decode([Link].self, from: Data(text.utf8))
    }
}

/// Reads the links' JSON exactly as `StoredLinks.text(of:)` and JSONEncoder write it, returning nil at anything else.
private struct Reader {
    let bytes: [UInt8]
    var position = 0

    var isAtEnd: Bool { position == bytes.count }

    mutating func readLinks() -> [Link]? {
        guard skip("[") else { return nil }
        var links: [Link] = []
        if skip("]") { return links }
        while true {
            guard skip(#"{"url":"#), let url = readString() else { return nil }
            var label: String?
            if skip(#","label":"#) {
                guard let read = readString() else { return nil }
                label = read
            }
            guard skip("}") else { return nil }
            links.append(Link(url: url, label: label))
            if skip("]") { return links }
            guard skip(",") else { return nil }
        }
    }

    private mutating func skip(_ expected: String) -> Bool {
        guard bytes[position...].starts(with: expected.utf8) else { return false }
        position += expected.utf8.count
        return true
    }

    /// A quoted string, its escapes undone; nil for one JSON would refuse or one with an escape this does not read.
    private mutating func readString() -> String? {
        guard skip("\"") else { return nil }
        var unescaped: [UInt8] = []
        var plainFrom = position
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                defer { position += 1 }
                guard !unescaped.isEmpty else { return String(decoding: bytes[plainFrom..<position], as: UTF8.self) }
                unescaped += bytes[plainFrom..<position]
                return String(decoding: unescaped, as: UTF8.self)
            case UInt8(ascii: "\\"):
                unescaped += bytes[plainFrom..<position]
                position += 1
                guard let escaped = readEscape() else { return nil }
                unescaped += escaped
                plainFrom = position
            case ..<0x20:
                return nil
            default:
                position += 1
            }
        }
        return nil
    }

    /// The UTF-8 of the character an escape stands for, the backslash already read.
    private mutating func readEscape() -> [UInt8]? {
        guard position < bytes.count else { return nil }
        position += 1
        switch bytes[position - 1] {
        case UInt8(ascii: "\""): return [UInt8(ascii: "\"")]
        case UInt8(ascii: "\\"): return [UInt8(ascii: "\\")]
        case UInt8(ascii: "/"): return [UInt8(ascii: "/")]
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "f"): return [0x0C]
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "u"):
            // A character outside the Basic Multilingual Plane comes as a pair of escaped UTF-16 surrogates.
            guard let first = readHex4() else { return nil }
            var scalar = Unicode.Scalar(first)
            if (0xD800..<0xDC00).contains(first), skip(#"\u"#), let second = readHex4(), (0xDC00..<0xE000).contains(second) {
                scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
            }
            return scalar.map { Array(String($0).utf8) }
        default: return nil
        }
    }

    private mutating func readHex4() -> UInt32? {
        guard bytes.count - position >= 4 else { return nil }
        var value: UInt32 = 0
        for byte in bytes[position..<position + 4] {
            guard let digit = Self.hexValue(byte) else { return nil }
            value = value << 4 | digit
        }
        position += 4
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
