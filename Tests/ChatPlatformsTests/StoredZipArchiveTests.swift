import ChatPlatformKit
import Foundation
import Testing

@Suite struct StoredZipArchiveTests {
    @Test func computesTheStandardCRC32() {
        #expect(CRC32.checksum(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Data()) == 0)
    }

    @Test func readsBackWhatWasAddedInOrder() throws {
        var archive = StoredZipArchive()
        try archive.add("manifest.json", contents: Data(#"{"a":1}"#.utf8))
        try archive.add("icons/empty.png", contents: Data())
        try archive.add("binary", contents: Data((0...255).map(UInt8.init)))
        try archive.add("bilan-été.txt", contents: Data("é".utf8))
        #expect(try StoredZipReading.entries(of: try archive.data()) == [
            .init(name: "manifest.json", contents: Data(#"{"a":1}"#.utf8)),
            .init(name: "icons/empty.png", contents: Data()),
            .init(name: "binary", contents: Data((0...255).map(UInt8.init))),
            .init(name: "bilan-été.txt", contents: Data("é".utf8)),
        ])
    }

    @Test func anEmptyArchiveIsItsEndRecordAlone() throws {
        let empty = try StoredZipArchive().data()
        #expect(empty.count == 22)
        #expect(try StoredZipReading.entries(of: empty).isEmpty)
    }

    @Test(arguments: ["", "/etc/passwd", "../up.txt", "a/../../b", "folder/"])
    func refusesNamesThatAreNotRelativeFiles(name: String) {
        var archive = StoredZipArchive()
        #expect(throws: StoredZipArchive.Failure.invalidName(name)) { try archive.add(name, contents: Data()) }
    }
}
