import UnhurriedCore

/// Reads an `application/x-www-form-urlencoded` body into its fields; a repeated name keeps its first value. Writes
/// the bodies and queries every outbound client sends.
///
/// Hand-written over UTF-8 bytes: this runs on every slash command, and Foundation's string replacement
/// is many times slower on Linux.
public enum FormBody {
    public static func fields(of body: String) -> [String: String] {
        // Sized once from the pairs, each name hashed once.
        Dictionary(pairs(of: body).lazy.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every field in order, repeated names included (Mattermost sends lists that way).
    public static func pairs(of body: String) -> [(name: String, value: String)] {
        // An array's integer indices cost a fraction of a string view's.
        let bytes = Array(body.utf8)
        var pairs: [(name: String, value: String)] = []
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
            let pair = bytes[start..<end]
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let name = decode(pair[..<(equals ?? end)])
            if !name.isEmpty { pairs.append((name, equals.map { decode(pair[($0 + 1)...]) } ?? "")) }
            start = end + 1
        }
        return pairs
    }

    /// `+` is a space and `%XX` a byte; a malformed escape is kept as typed. Decoded straight into the string's own
    /// storage, which repairs bytes that are not UTF-8 as `String(decoding:as:)` does.
    static func decode(_ component: ArraySlice<UInt8>) -> String {
        guard component.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else {
            return String(decoding: component, as: UTF8.self)
        }
        return String(unsafeUninitializedCapacity: component.count) { buffer in
            var written = 0
            var index = component.startIndex
            while index < component.endIndex {
                let byte = component[index]
                if byte == UInt8(ascii: "+") {
                    buffer[written] = UInt8(ascii: " ")
                } else if byte == UInt8(ascii: "%"), index + 2 < component.endIndex,
                          let high = Hex.value(of: component[index + 1]), let low = Hex.value(of: component[index + 2]) {
                    buffer[written] = high << 4 | low
                    index += 2
                } else {
                    buffer[written] = byte
                }
                written += 1
                index += 1
            }
            return written
        }
    }
}

extension FormBody {
    /// `name=value&…`, names and values percent-encoded.
    package static func encoded(_ fields: [(String, String)]) -> String {
        fields.map { "\(percentEncoded($0))=\(percentEncoded($1))" }.joined(separator: "&")
    }

    /// Only RFC 3986's unreserved characters stay as they are; every other byte of the UTF-8 text is `%XX`, so the result
    /// is one path segment or query value whatever the text, and reads back the same.
    package static func percentEncoded(_ text: String) -> String {
        PercentEncoding.encoded(text, keeping: PercentEncoding.isUnreserved)
    }
}
