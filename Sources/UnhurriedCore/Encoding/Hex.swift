/// Lower-case hexadecimal, as signatures and digests travel in headers, ids and JSON.
package enum Hex {
    package static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes { text += [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]] }
        return String(decoding: text, as: UTF8.self)
    }

    /// Nil when `hex` is not an even number of hex digits. Read from the substring's contiguous UTF-8 two bytes at a
    /// time (a byte of a non-ASCII character is never a digit): through its UTF-8 view, every signed request's
    /// signature cost some 50 instructions a digit.
    package static func bytes(_ hex: Substring) -> [UInt8]? {
        var hex = hex
        return hex.withUTF8 { digits in
            guard digits.count.isMultiple(of: 2) else { return nil }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(digits.count / 2)
            for pair in stride(from: 0, to: digits.count, by: 2) {
                guard let high = value(of: digits[pair]), let low = value(of: digits[pair + 1]) else { return nil }
                bytes.append(high << 4 | low)
            }
            return bytes
        }
    }

    package static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
