/// Reads an `application/x-www-form-urlencoded` body into its fields; a repeated name keeps its first value. Writes
/// the bodies and queries every outbound client sends.
///
/// Hand-written over UTF-8 bytes: this runs on every slash command, and Foundation's string replacement
/// is many times slower on Linux.
public enum FormBody {
    public static func fields(of body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for (name, value) in pairs(of: body) where fields[name] == nil {
            fields[name] = value
        }
        return fields
    }

    /// Every field in order, repeated names included (Mattermost sends lists that way).
    public static func pairs(of body: String) -> [(name: String, value: String)] {
        // An array's integer indices cost a fraction of a string view's.
        Array(body.utf8).split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).compactMap { pair in
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            guard !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// `+` is a space and `%XX` a byte; a malformed escape is kept as typed.
    static func decode(_ component: ArraySlice<UInt8>) -> String {
        guard component.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else {
            return String(decoding: component, as: UTF8.self)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.count)
        var index = component.startIndex
        while index < component.endIndex {
            let byte = component[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < component.endIndex,
                      let high = Hex.value(of: component[index + 1]), let low = Hex.value(of: component[index + 2]) {
                bytes.append(high << 4 | low)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
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
