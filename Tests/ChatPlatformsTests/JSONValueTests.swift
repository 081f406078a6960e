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

    @Test func keepsMemberOrder() {
        let value: JSONValue = ["b": 1, "a": 2]
        #expect(String(decoding: value.encoded(), as: UTF8.self) == #"{"b":1,"a":2}"#)
    }
}
