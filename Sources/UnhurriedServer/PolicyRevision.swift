/// Names a policy file's contents alike in every process: replicas that reload the same file name the reload alike,
/// so what they each do for it (moving deadlines, telling askers) is done once. Swift's own hashing is seeded per
/// process, so this is FNV-1a over the file's UTF-8 bytes; it tells versions apart, it is not a secure digest.
enum PolicyRevision {
    static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
