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
        // Escaped bytes that are not UTF-8 read as replacement characters, as Swift reads any such text.
        ("bytes=caf%E9+%FF%C3", ["bytes": "caf\u{FFFD} \u{FFFD}\u{FFFD}"]),
        ("&&a=1&", ["a": "1"]),
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

extension FormBodyTests {
    /// Only RFC 3986's unreserved ASCII characters stay as typed; letters of other scripts are UTF-8 bytes, escaped.
    @Test(arguments: [
        ("café", "caf%C3%A9"),
        ("Straße", "Stra%C3%9Fe"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
        ("a-b.c_d~e", "a-b.c_d~e"),
        ("a b+c&d=e/f?g#h%i", "a%20b%2Bc%26d%3De%2Ff%3Fg%23h%25i"),
        ("!room:example.org", "%21room%3Aexample.org"),
        ("<@U1|bob> ✅", "%3C%40U1%7Cbob%3E%20%E2%9C%85"),
    ])
    func percentEncodesAllButTheUnreservedCharacters(text: String, expected: String) {
        #expect(FormBody.percentEncoded(text) == expected)
    }

    @Test func encodedFieldsReadBackAsWritten() {
        let fields = [("user", "U0BOB"), ("text", "Grüße, 日本 & co = 100% +1"), ("empty", ""), ("naïve name", "~x~")]
        let body = FormBody.encoded(fields)
        #expect(body.utf8.allSatisfy { $0 < 0x80 })
        #expect(FormBody.pairs(of: body).map { [$0.name, $0.value] } == fields.map { [$0, $1] })
    }
}
