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

    /// The link in plain text, where it must keep where it leads: `the plan: https://…`, or the address alone when the
    /// label is the address as typed (Slack links `x.org` as `http://x.org` labelled `x.org`). The address stands as a
    /// word of its own, so text read back as a command finds the link again.
    public var readableText: String {
        guard let label, !label.isEmpty else { return url }
        let typed = ["https://", "http://"].first { url.hasPrefix($0) }.map { String(url.dropFirst($0.count)) }
        return label == url || label == typed ? url : "\(label): \(url)"
    }

    /// Bare URLs typed as words count as links too; only web links, so `mailto:` or `file:` stay text, and only those
    /// that name a server a browser could open: `https://x.example><!channel>` is a word, not a link to render.
    public static func bare(_ word: String) -> Link? {
        // Asks are read a word at a time, and few words are links: most are turned away by their first letter.
        guard word.utf8.first.map({ $0 | 0x20 }) == UInt8(ascii: "h"),
              word.utf8.starts(caseInsensitivelyWith: "https://") || word.utf8.starts(caseInsensitivelyWith: "http://") else { return nil }
        let link = Link(url: word)
        let server = link.server
        guard !hostName(of: server).isEmpty, isServerName(server) else { return nil }
        return link
    }

    /// Letters, digits and the punctuation of host names, ports and IPv6 addresses; ASCII is told by its code, without
    /// Unicode's property tables.
    private static func isServerName(_ server: Substring) -> Bool {
        guard server.utf8.allSatisfy({ $0 < 0x80 }) else { return server.allSatisfy(isServerCharacter) }
        return server.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"): true
            default: false
            }
        }
    }

    private static func isServerCharacter(_ character: Character) -> Bool {
        switch character {
        case "-", ".", "_", ":", "[", "]": true
        default: character.isLetter || character.isNumber
        }
    }

    /// The server the link opens, lower-cased and without its port: what a reader must see to know where a link goes.
    /// Browsers skip any number of slashes after the scheme and anything up to the last `@` (`https://good.example@evil.example`
    /// opens evil.example), and so does this. Nil when it is empty.
    public var host: String? {
        let host = Self.hostName(of: server)
        return host.isEmpty ? nil : host.lowercased()
    }

    /// The server without its port, as typed. A colon inside an IPv6 address's brackets is not a port's.
    private static func hostName(of server: Substring) -> Substring {
        guard let colon = server.utf8.lastIndex(of: UInt8(ascii: ":")), !server.utf8[colon...].contains(UInt8(ascii: "]")) else {
            return server
        }
        return server[..<colon]
    }

    /// The host and port: after the scheme, its slashes and any `name:password@`, up to the path, query or fragment.
    /// Read byte by byte, as browsers read code points: every delimiter is ASCII.
    private var server: Substring {
        let bytes = url.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return "" }
        let start = bytes[bytes.index(after: colon)...].firstIndex { $0 != UInt8(ascii: "/") } ?? bytes.endIndex
        let end = bytes[start...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.endIndex
        let authority = url[start..<end]
        return authority.utf8.lastIndex(of: UInt8(ascii: "@")).map { authority[authority.utf8.index(after: $0)...] } ?? authority
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

private extension String.UTF8View {
    /// Whether the text starts with `prefix`, a lower-case ASCII text, whatever the case of its own letters.
    func starts(caseInsensitivelyWith prefix: String) -> Bool {
        let expected = prefix.utf8
        return count >= expected.count && zip(self, expected).allSatisfy { byte, wanted in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 == wanted : byte == wanted
        }
    }
}
