/// Percent-encoding of UTF-8 text, hand-written over bytes: `CharacterSet.alphanumerics` would let letters such as é
/// through unescaped, and Foundation's string replacement is many times slower on Linux.
package enum PercentEncoding {
    /// RFC 3986's unreserved characters: ASCII letters and digits and `-._~`.
    package static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// A URL as a post may write it: only what a URI may hold stays as it is — the unreserved characters, the reserved
    /// `:/?#[]@!$&'()*+,;=` and `%` — so the address still goes where it went. Every other byte (spaces, `<>|"{}\^` and
    /// the backtick, control characters, non-ASCII) is `%XX`, and so is each of `syntax`: the characters that would end
    /// the platform's link markup early, such as `(` and `)` in Markdown.
    package static func url(_ url: String, alsoEncoding syntax: String = "") -> String {
        let reserved = Array(":/?#[]@!$&'()*+,;=%".utf8)
        let ending = Array(syntax.utf8)
        return encoded(url) { (isUnreserved($0) || reserved.contains($0)) && !ending.contains($0) }
    }

    /// `text` with every byte that `keep` refuses written `%XX`.
    package static func encoded(_ text: String, keeping keep: (UInt8) -> Bool) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if keep(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
