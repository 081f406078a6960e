import Foundation
import UnhurriedCore

/// The words that notify everyone in a channel or room when a platform finds them in a post.
package enum BroadcastMentions {
    /// `text` as it reads, with a zero-width space after the `@` of each of `mentions` in any case (the case kept), so
    /// that it names them without notifying anyone. In an address the `@` is written `at`, `%40`, which opens the same page.
    package static func defused(_ text: String, _ mentions: [String], writingAtSignAs at: String = "@\u{200B}") -> String {
        // Most of what a card says has no `@` at all.
        guard text.containsUTF8Byte(UInt8(ascii: "@")) else { return text }
        // One pass over the bytes: every broadcast word is ASCII, and compared as platforms lower-case it.
        let words = mentions.map { Array($0.utf8.dropFirst()).map(lowercased) }
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "@"), words.contains(where: { word in
                index + word.count < bytes.count && zip(word, bytes[(index + 1)...]).allSatisfy { $0 == lowercased($1) }
            }) {
                result += at.utf8
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
