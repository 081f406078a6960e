extension [UInt8] {
    /// Appends `string` as a JSON string: JSON's escapes for the characters a string may not hold as they are, and the
    /// runs of UTF-8 between them copied whole. Every answer to a command, every card and every row the store sends
    /// PostgreSQL as JSON is written through here.
    package mutating func appendJSONQuoted(_ string: String) {
        append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { text in
            // No byte of a multi-byte character is below 0x80, so escaping byte by byte is escaping by character.
            var runStart = 0
            for (index, byte) in text.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
                appendEscape(of: byte)
                runStart = index + 1
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
        }
        append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(of byte: UInt8) {
        append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(byte)
        case UInt8(ascii: "\n"): append(UInt8(ascii: "n"))
        case UInt8(ascii: "\r"): append(UInt8(ascii: "r"))
        case UInt8(ascii: "\t"): append(UInt8(ascii: "t"))
        default: append(contentsOf: "u00\(Hex.string([byte]))".utf8)
        }
    }
}
