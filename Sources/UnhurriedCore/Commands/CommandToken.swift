/// One piece of a command's text after the platform adapter has decoded its markup.
///
/// Adapters turn their own syntax (Slack's `<@U123|bob>`, Matrix pills, Mattermost `@bob`) into these tokens,
/// so the grammar never sees a platform's format.
public enum CommandToken: Hashable, Sendable {
    case word(String)
    case mention(ChatUserID)
    case link(Link)
}

public struct Link: Hashable, Sendable, Codable {
    public var url: String
    public var label: String?

    public init(url: String, label: String? = nil) {
        self.url = url
        self.label = label
    }

    /// Bare URLs typed as words count as links too; only web links, so `mailto:` or `file:` stay text.
    public static func bare(_ word: String) -> Link? {
        let lowered = word.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), word.count > 8 else { return nil }
        return Link(url: word)
    }
}

/// A slash command as every platform delivers it: the command's name, its text as tokens, who and where.
public struct IncomingCommand: Sendable {
    public var commandName: String
    public var tokens: [CommandToken]
    public var speaker: ChatUserID
    public var channel: ChatChannel
    /// The platform's id of the message that carried the command, when it came in one (a mention), so that handling
    /// its retry again records nothing twice.
    public var messageRef: String?

    public init(commandName: String, tokens: [CommandToken], speaker: ChatUserID, channel: ChatChannel, messageRef: String? = nil) {
        self.commandName = commandName
        self.tokens = tokens
        self.speaker = speaker
        self.channel = channel
        self.messageRef = messageRef
    }
}
