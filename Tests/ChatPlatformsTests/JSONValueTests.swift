import ChatPlatformKit
import ChatPlatforms
import Foundation
import Testing

@Suite struct JSONValueTests {
    @Test func encodesWhatAJSONParserReadsBack() throws {
        let tricky = "quote \" backslash \\ newline \n tab \t bell \u{7} café ✅ </script>"
        let value: JSONValue = ["text": .string(tricky), "n": 42, "x": .number(1.5), "ok": true, "none": .null, "list": [1, "two"]]
        let parsed = try #require(try JSONSerialization.jsonObject(with: value.encoded()) as? [String: Any])
        #expect(parsed["text"] as? String == tricky)
        #expect(parsed["n"] as? Int == 42)
        #expect(parsed["x"] as? Double == 1.5)
        #expect(parsed["ok"] as? Bool == true)
        #expect(parsed["none"] is NSNull)
        #expect((parsed["list"] as? [Any])?.count == 2)
    }

    /// Escapes at either end, side by side and between runs of plain text: the writer copies the runs between them.
    @Test func encodesEveryMixOfEscapesAndRunsAsAJSONParserReadsIt() throws {
        let pieces = ["", "a", "plain words", "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1F}", "é", "✅", " "]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let encoded = JSONValue.array([.string(text), .string(text)]).encoded()
            let parsed = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String], "\(text.debugDescription)")
            #expect(parsed == [text, text], "\(text.debugDescription)")
            #expect(!encoded.contains { $0 < 0x20 }, "\(text.debugDescription)")
        }
    }

    @Test func keepsMemberOrder() {
        let value: JSONValue = ["b": 1, "a": 2]
        #expect(String(decoding: value.encoded(), as: UTF8.self) == #"{"b":1,"a":2}"#)
    }
}
