import Foundation

/// Whether a text holds some bytes, read from the string's own storage. The generic `utf8.contains` goes through the
/// string's view a byte at a time, about 16 instructions a byte, and runs on the text of every ask and every word of
/// its card.
extension String {
    /// Whether the text's UTF-8 holds `byte`: `memchr`, which reads a word at a time.
    package func containsUTF8Byte(_ byte: UInt8) -> Bool {
        var text = self
        return text.withUTF8 { bytes in
            guard let start = bytes.baseAddress else { return false }
            return memchr(start, Int32(byte), bytes.count) != nil
        }
    }

    /// Whether any byte of the text's UTF-8 satisfies `predicate`.
    package func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        var text = self
        return text.withUTF8 { $0.contains(where: predicate) }
    }
}
