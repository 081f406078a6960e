import ChatPlatformKit
import ChatPlatforms
import Testing

@Suite struct FormBodyTests {
    @Test(arguments: [
        ("a=1&b=two+words", ["a": "1", "b": "two words"]),
        ("text=%3C%40U1%7Cbob%3E+caf%C3%A9%21", ["text": "<@U1|bob> café!"]),
        ("a=1&a=2", ["a": "1"]),
        ("empty=&flag", ["empty": "", "flag": ""]),
        ("bad=%zz%4&pct=100%25", ["bad": "%zz%4", "pct": "100%"]),
        ("=nameless&&x=%2B", ["x": "+"]),
        ("eq=a=b", ["eq": "a=b"]),
    ])
    func decodesFields(body: String, expected: [String: String]) {
        #expect(FormBody.fields(of: body) == expected)
    }
}

extension FormBodyTests {
    @Test func keepsRepeatedFieldsInOrder() {
        let pairs = FormBody.pairs(of: "user_mentions=bob&user_mentions=carol&user_mentions_ids=id1&user_mentions_ids=id2")
        #expect(pairs.map(\.name) == ["user_mentions", "user_mentions", "user_mentions_ids", "user_mentions_ids"])
        #expect(pairs.map(\.value) == ["bob", "carol", "id1", "id2"])
    }
}
