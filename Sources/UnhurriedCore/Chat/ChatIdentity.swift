/// Where a command came from or a post goes, in platform-neutral terms.
///
/// Every platform has a workspace (Slack team, Mattermost team, Matrix homeserver), channels in it and users;
/// the identifiers are the platform's own strings and are only compared, never interpreted, by the core.
public struct ChatChannel: Hashable, Sendable, Codable {
    public var platform: String
    public var workspaceID: String
    public var channelID: String

    public init(platform: String, workspaceID: String, channelID: String) {
        self.platform = platform
        self.workspaceID = workspaceID
        self.channelID = channelID
    }
}

/// A person on a chat platform, identified by the platform's user id within a workspace.
public struct ChatUserID: Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}
