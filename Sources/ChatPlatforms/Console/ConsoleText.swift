import UnhurriedCore

/// Commands typed in a terminal (`unhurried try`): `@name` mentions a person, everything else is a word.
public enum ConsoleText {
    public static func tokens(from text: String) -> [CommandToken] {
        text.split(whereSeparator: \.isWhitespace).map { word in
            if word.count > 1, word.hasPrefix("@") {
                let name = word.dropFirst().trimmingTrailing(",.;:")
                return .mention(ChatUserID(String(name)))
            }
            return .word(String(word))
        }
    }
}

extension Substring {
    fileprivate func trimmingTrailing(_ characters: String) -> Substring {
        var result = self
        while let last = result.last, characters.contains(last) { result = result.dropLast() }
        return result
    }
}
