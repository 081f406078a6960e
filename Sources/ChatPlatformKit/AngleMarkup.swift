import UnhurriedCore

/// Message text whose markup is enclosed in `<…>` (Slack's `<@U123|bob>`, Discord's `<@123>`): each closed pair is one
/// token, whatever it holds, and the rest splits into words at whitespace.
package enum AngleMarkup {
    /// `markup` makes a token of what a pair encloses; `word` reads a word as the platform escapes it.
    package static func tokens(
        from text: String, markup: (String) -> CommandToken, word readWord: (String) -> String
    ) -> [CommandToken] {
        var tokens: [CommandToken] = []
        var word = ""
        var iterator = text.makeIterator()
        func flushWord() {
            if !word.isEmpty { tokens.append(.word(readWord(word))) }
            word = ""
        }
        while let character = iterator.next() {
            if character == "<" {
                flushWord()
                var inner = ""
                var closed = false
                while let next = iterator.next() {
                    if next == ">" { closed = true; break }
                    inner.append(next)
                }
                if closed {
                    tokens.append(markup(inner))
                } else {
                    word = "<" + inner
                }
            } else if separatesWords(character) {
                flushWord()
            } else {
                word.append(character)
            }
        }
        flushWord()
        return tokens
    }

    /// `Character.isWhitespace`, with ASCII (nearly every character of a command) answered by its code.
    private static func separatesWords(_ character: Character) -> Bool {
        character.asciiValue?.isASCIIWhitespace ?? character.isWhitespace
    }
}
