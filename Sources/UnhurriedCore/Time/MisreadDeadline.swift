/// The words that end an ask and look like a deadline the reader could not take (`by blursday`, `by tmorrow`,
/// `due 3`): the ask is recorded with its tier's time, and the confirmation says which words were not read, so a
/// typo does not pass for a deadline that was kept.
extension TimeExpressionReader {
    /// Whether the last words are an opener and one word that looks meant as a day or a time: one that ends in
    /// "day", starts with a digit, or is a slip of the keyboard from a day, a month or a word like `tomorrow`.
    /// "written by alice" stays prose.
    public static func looksLikeMisreadDeadline(_ words: ArraySlice<String>) -> Bool {
        guard words.count == 2, let opener = words.first.map(normalise), ["by", "due"].contains(opener),
              let word = words.last.map(normalise) else { return false }
        if word.first?.isNumber == true { return true }
        guard word.count >= 4 else { return false }
        if word.hasSuffix("day") { return true }
        return timeWords.contains { editDistance(word, $0, atMost: 2) <= 2 }
    }

    private static let timeWords: [String] = Array(weekdays.keys.filter { $0.count >= 6 }) + months.keys.filter { $0.count >= 5 }
        + ["today", "tomorrow", "tonight", "yesterday"]

    /// Levenshtein distance, given up on past `limit`: typed words are short, and only near misses matter.
    private static func editDistance(_ a: String, _ b: String, atMost limit: Int) -> Int {
        let a = Array(a), b = Array(b)
        guard abs(a.count - b.count) <= limit else { return limit + 1 }
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
