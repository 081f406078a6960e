/// Reads an `application/x-www-form-urlencoded` body into its fields; a repeated name keeps its first value.
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
        body.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).compactMap { pair in
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            guard !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// `+` is a space and `%XX` a byte; a malformed escape is kept as typed.
    static func decode(_ component: Substring.UTF8View.SubSequence) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.count)
        var index = component.startIndex
        while index < component.endIndex {
            let byte = component[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"),
                      let high = component.index(index, offsetBy: 1, limitedBy: component.endIndex), high < component.endIndex,
                      let low = component.index(high, offsetBy: 1, limitedBy: component.endIndex), low < component.endIndex,
                      let value = Hex.value(of: component[high]).flatMap({ h in Hex.value(of: component[low]).map { h << 4 | $0 } }) {
                bytes.append(value)
                index = low
            } else {
                bytes.append(byte)
            }
            index = component.index(after: index)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
