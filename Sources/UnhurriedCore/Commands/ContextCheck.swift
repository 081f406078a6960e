/// Checks an ask for the parts that make it answerable without a meeting: something to look at, a specific
/// question, and enough words to stand on its own. Advice only: the ask is recorded either way.
public enum ContextAdvice: String, CaseIterable, Sendable, Equatable {
    case noLink
    case noQuestion
    case tooShort

    /// An ask under this many words (links aside) rarely carries its own context.
    static let minimumWords = 6

    public static func review(_ ask: AskRequest) -> [ContextAdvice] {
        var advice: [ContextAdvice] = []
        if ask.links.isEmpty { advice.append(.noLink) }
        if !ask.request.containsUTF8Byte(UInt8(ascii: "?")) { advice.append(.noQuestion) }
        if wordCount(of: ask.request, upTo: minimumWords) < minimumWords { advice.append(.tooShort) }
        return advice
    }

    /// The text's words, links aside, counted only as far as `limit`: every ask is reviewed, and most are long enough.
    /// Read a Unicode scalar at a time, ASCII whitespace told by its code, where splitting the whole text into
    /// characters first cost more than the rest of recording the ask.
    static func wordCount(of text: String, upTo limit: Int) -> Int {
        var words = 0
        var wordStart: String.Index?
        func endWord(at end: String.Index) {
            if let start = wordStart, Link.bare(String(text[start..<end])) == nil { words += 1 }
            wordStart = nil
        }
        let scalars = text.unicodeScalars
        for index in scalars.indices {
            if words == limit { return words }
            if isWhitespace(scalars[index]) {
                endWord(at: index)
            } else if wordStart == nil {
                wordStart = index
            }
        }
        if words < limit { endWord(at: text.endIndex) }
        return words
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? UInt8(scalar.value).isASCIIWhitespace : scalar.properties.isWhitespace
    }

    public var hint: String {
        switch self {
        case .noLink: "add a link to what they should look at"
        case .noQuestion: "end with the specific question you need answered"
        case .tooShort: "say a little more: what, where, and what kind of answer helps (a yes/no, a choice, edits)"
        }
    }
}
