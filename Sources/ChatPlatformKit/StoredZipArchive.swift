import Foundation

/// A zip archive of files stored uncompressed, for packages a platform takes as a zip (a Teams app). Foundation has
/// no zlib on Linux and the files are a few kilobytes, so storing beats a dependency; the entries carry a fixed
/// date, so the same files always make the same bytes.
package struct StoredZipArchive: Sendable {
    private struct Entry: Sendable {
        var name: String
        var contents: Data
    }

    package enum Failure: Error, Equatable, CustomStringConvertible {
        /// Past what a zip without its 64-bit extensions can say: 65,535 entries, 4 GiB.
        case tooLarge
        case invalidName(String)

        package var description: String {
            switch self {
            case .tooLarge: "the archive is too large for a zip without 64-bit extensions"
            case .invalidName(let name): "\"\(name)\" is not a relative file name in an archive"
            }
        }
    }

    private var entries: [Entry] = []

    package init() {}

    package mutating func add(_ name: String, contents: Data) throws(Failure) {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.hasSuffix("/"), !name.split(separator: "/").contains(".."),
              name.utf8.count <= UInt16.max
        else { throw .invalidName(name) }
        entries.append(Entry(name: name, contents: contents))
    }

    /// The archive's bytes: each entry's local header and contents, then the central directory and its end record.
    package func data() throws(Failure) -> Data {
        guard entries.count <= Int(UInt16.max) else { throw .tooLarge }
        var archive = Data()
        var directory = Data()
        for entry in entries {
            guard let offset = UInt32(exactly: archive.count), let size = UInt32(exactly: entry.contents.count) else { throw .tooLarge }
            let name = Data(entry.name.utf8)
            let checksum = CRC32.checksum(entry.contents)

            archive.appendLittleEndian(UInt32(0x0403_4b50))
            archive.append(commonHeader(checksum: checksum, size: size, nameLength: UInt16(name.count)))
            archive.appendLittleEndian(UInt16(0))  // extra field length
            archive.append(name)
            archive.append(entry.contents)

            directory.appendLittleEndian(UInt32(0x0201_4b50))
            directory.appendLittleEndian(Self.madeByUnix)
            directory.append(commonHeader(checksum: checksum, size: size, nameLength: UInt16(name.count)))
            directory.appendLittleEndian(UInt16(0))  // extra field length
            directory.appendLittleEndian(UInt16(0))  // comment length
            directory.appendLittleEndian(UInt16(0))  // disk number
            directory.appendLittleEndian(UInt16(0))  // internal attributes
            directory.appendLittleEndian(Self.regularFileReadableByAll)
            directory.appendLittleEndian(offset)
            directory.append(name)
        }
        guard let directoryOffset = UInt32(exactly: archive.count), let directorySize = UInt32(exactly: directory.count),
              archive.count + directory.count + 22 <= Int(UInt32.max)
        else { throw .tooLarge }
        archive.append(directory)
        archive.appendLittleEndian(UInt32(0x0605_4b50))
        archive.appendLittleEndian(UInt16(0))  // this disk
        archive.appendLittleEndian(UInt16(0))  // the disk where the directory starts
        archive.appendLittleEndian(UInt16(entries.count))
        archive.appendLittleEndian(UInt16(entries.count))
        archive.appendLittleEndian(directorySize)
        archive.appendLittleEndian(directoryOffset)
        archive.appendLittleEndian(UInt16(0))  // comment length
        return archive
    }

    /// Zip 2.0 made on Unix, so unzip applies the external attributes' permissions.
    private static let madeByUnix: UInt16 = 3 << 8 | 20
    /// `-rw-r--r--` in the high half, as Unix zips write it.
    private static let regularFileReadableByAll: UInt32 = 0o100644 << 16
    /// General-purpose flag 11: without it unzip reads a name's bytes as code page 437.
    private static let namesInUTF8: UInt16 = 1 << 11
    /// 1980-01-01 00:00, the earliest an MS-DOS date can say: no clock in the bytes.
    private static let dosTime: UInt16 = 0
    private static let dosDate: UInt16 = 1 << 5 | 1

    /// The fields a local header and a central-directory entry share, from "version needed" to the name's length.
    private func commonHeader(checksum: UInt32, size: UInt32, nameLength: UInt16) -> Data {
        var header = Data()
        header.appendLittleEndian(UInt16(10))  // version needed: 1.0, stored entries
        header.appendLittleEndian(Self.namesInUTF8)
        header.appendLittleEndian(UInt16(0))  // method: stored
        header.appendLittleEndian(Self.dosTime)
        header.appendLittleEndian(Self.dosDate)
        header.appendLittleEndian(checksum)
        header.appendLittleEndian(size)  // compressed size
        header.appendLittleEndian(size)  // uncompressed size
        header.appendLittleEndian(nameLength)
        return header
    }
}

extension Data {
    fileprivate mutating func appendLittleEndian<Integer: FixedWidthInteger>(_ value: Integer) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
