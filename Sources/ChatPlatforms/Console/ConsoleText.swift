import Foundation
import UnhurriedCore

/// Commands typed in a terminal (`unhurried try`): `@name` mentions a person, everything else is a word.
public enum ConsoleText {
    /// A whole command line as typed, `/ask @bob review …`; nil when it does not start with a slash command.
    public static func command(_ line: String, speaker: ChatUserID, channel: ChatChannel) -> IncomingCommand? {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("/"), let name = text.split(separator: " ").first else { return nil }
        return IncomingCommand(
            commandName: String(name), tokens: tokens(from: String(text.dropFirst(name.count))), speaker: speaker, channel: channel)
    }

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
