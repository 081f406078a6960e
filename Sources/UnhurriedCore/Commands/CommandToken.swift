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

    /// Bare URLs typed as words count as links too; only web links, so `mailto:` or `file:` stay text, and only those
    /// that name a server a browser could open: `https://x.example><!channel>` is a word, not a link to render.
    public static func bare(_ word: String) -> Link? {
        let lowered = word.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else { return nil }
        let link = Link(url: word)
        guard link.host != nil, link.server.allSatisfy({ $0.isLetter || $0.isNumber || "-._:[]".contains($0) }) else { return nil }
        return link
    }

    /// The server the link opens, lower-cased and without its port: what a reader must see to know where a link goes.
    /// Browsers skip any number of slashes after the scheme and anything up to the last `@` (`https://good.example@evil.example`
    /// opens evil.example), and so does this. Nil when it is empty.
    public var host: String? {
        var host = server
        if let colon = server.lastIndex(of: ":"), !server[colon...].contains("]") { host = server[..<colon] }
        return host.isEmpty ? nil : host.lowercased()
    }

    /// The host and port: after the scheme, its slashes and any `name:password@`, up to the path, query or fragment.
    private var server: Substring {
        guard let colon = url.firstIndex(of: ":") else { return "" }
        let authority = url[url.index(after: colon)...].drop { $0 == "/" }.prefix { !"/?#".contains($0) }
        return authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
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
