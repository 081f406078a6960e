import Foundation
import Testing
import UnhurriedCore
@testable import UnhurriedStorage

/// The `links` column's hand-written JSON must read and write exactly as JSONDecoder and JSONEncoder do.
struct StoredLinksTests {
    /// Characters that need escaping or are outside the Basic Multilingual Plane, mixed with plain ones (JSONRowsTests
    /// writes them too).
    static let alphabet: [String] = [
        "a", "Z", "0", "/", ":", "?", "&", "=", "%", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{8}", "\u{c}", "\u{1f}",
        "\u{7f}", "é", "ß", "中", "\u{2028}", "\u{fffd}", "😀", "👩‍💻", "e\u{301}",
    ]

    static func randomText(_ generator: inout some RandomNumberGenerator) -> String {
        (0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
    }

    @Test func writesWhatJSONDecoderReadsAndReadsWhatJSONEncoderWrites() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let links = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                Link(url: Self.randomText(&generator), label: Bool.random(using: &generator) ? Self.randomText(&generator) : nil)
            }
            let written = StoredLinks.text(of: links)
            #expect(try JSONDecoder().decode([Link].self, from: Data(written.utf8)) == links, "\(written)")
            #expect(try StoredLinks.links(from: written) == links, "\(written)")
            let encoded = String(decoding: try JSONEncoder().encode(links), as: UTF8.self)
            #expect(try StoredLinks.links(from: encoded) == links, "\(encoded)")
        }
    }

    @Test(arguments: [
        #"[]"#, #"[{"url":"https:\/\/example.com"}]"#, #"[{"url":"x","label":"y"},{"url":"z"}]"#,
        // Escapes JSONEncoder does not write, and a pair of surrogates for one character.
        #"[{"url":"\u0041\u00e9\ud83d\ude00\b\f\/"}]"#,
        // Other JSON than the two writers': read by JSONDecoder.
        #" [ { "url" : "x" } ] "#, #"[{"label":"y","url":"x"}]"#, #"[{"url":"x","label":null}]"#, #"[{"url":"x","extra":1}]"#,
    ])
    func readsEveryValidValueAsJSONDecoderDoes(_ text: String) throws {
        #expect(try StoredLinks.links(from: text) == JSONDecoder().decode([Link].self, from: Data(text.utf8)))
    }

    @Test(arguments: [
        "", "[", "[{}]", #"[{"url":"x"}"#, #"[{"url":"x"}],"#, #"[{"url":"a"b"}]"#, "[{\"url\":\"\u{1}\"}]",
        #"[{"url":"\ud800"}]"#, #"[{"url":"\udc00x"}]"#, #"[{"url":"\x"}]"#, #"[{"url":"\u12"}]"#, #"[{"url":1}]"#,
    ])
    func refusesWhatJSONDecoderRefuses(_ text: String) {
        #expect(throws: (any Error).self) { try JSONDecoder().decode([Link].self, from: Data(text.utf8)) }
        #expect(throws: (any Error).self) { try StoredLinks.links(from: text) }
    }
}
