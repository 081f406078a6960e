import ChatPlatformKit
import Foundation
import Testing

/// Reads a zip of stored entries as unzip would: from the end record through the central directory to each local
/// header, checking that both headers agree and that every entry's CRC-32 is its contents'.
enum StoredZipReading {
    struct Entry: Equatable {
        var name: String
        var contents: Data
    }

    static func entries(of zip: Data) throws -> [Entry] {
        let bytes = [UInt8](zip)
        func integer(_ offset: Int, _ width: Int) -> Int {
            (0..<width).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        let end = bytes.count - 22
        try #require(end >= 0 && integer(end, 4) == 0x0605_4b50, "no end record without a comment")
        let count = integer(end + 10, 2)
        var cursor = integer(end + 16, 4)
        #expect(cursor + integer(end + 12, 4) == end, "the directory ends where the end record starts")
        var entries: [Entry] = []
        for _ in 0..<count {
            try #require(integer(cursor, 4) == 0x0201_4b50, "a central directory entry at \(cursor)")
            let (checksum, size, nameLength) = (integer(cursor + 16, 4), integer(cursor + 20, 4), integer(cursor + 28, 2))
            #expect(integer(cursor + 8, 2) & 0x800 != 0, "names flagged as UTF-8")
            #expect(integer(cursor + 10, 2) == 0, "stored")
            #expect(integer(cursor + 24, 4) == size, "stored: as long compressed as not")
            let local = integer(cursor + 42, 4)
            let name = String(decoding: bytes[(cursor + 46)..<(cursor + 46 + nameLength)], as: UTF8.self)
            cursor += 46 + nameLength + integer(cursor + 30, 2) + integer(cursor + 32, 2)

            try #require(integer(local, 4) == 0x0403_4b50, "a local header for \(name)")
            #expect(integer(local + 14, 4) == checksum && integer(local + 22, 4) == size && integer(local + 26, 2) == nameLength,
                    "the local header agrees with the directory")
            let start = local + 30 + nameLength + integer(local + 28, 2)
            let contents = Data(bytes[start..<(start + size)])
            #expect(CRC32.checksum(contents) == UInt32(checksum), "\(name)'s CRC-32")
            entries.append(Entry(name: name, contents: contents))
        }
        return entries
    }
}
