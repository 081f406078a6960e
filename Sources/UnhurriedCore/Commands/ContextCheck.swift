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
        if !ask.request.utf8.contains(UInt8(ascii: "?")) { advice.append(.noQuestion) }
        // Counted only as far as the minimum: every ask is reviewed, and most are long enough.
        var words = 0
        for word in ask.request.split(whereSeparator: { $0.isWhitespace }) where Link.bare(String(word)) == nil {
            words += 1
            if words == minimumWords { break }
        }
        if words < minimumWords { advice.append(.tooShort) }
        return advice
    }

    public var hint: String {
        switch self {
        case .noLink: "add a link to what they should look at"
        case .noQuestion: "end with the specific question you need answered"
        case .tooShort: "say a little more: what, where, and what kind of answer helps (a yes/no, a choice, edits)"
        }
    }
}
