/// The Web API methods Unhurried calls, and the bot scopes each needs. Every call goes through one of these, so
/// the app manifest's scopes can be checked against what the code really uses.
public enum SlackMethod: String, CaseIterable, Sendable, CustomStringConvertible {
    case chatPostMessage = "chat.postMessage"
    case chatPostEphemeral = "chat.postEphemeral"
    case chatUpdate = "chat.update"
    case conversationsHistory = "conversations.history"
    case conversationsReplies = "conversations.replies"
    case conversationsOpen = "conversations.open"
    case conversationsInfo = "conversations.info"
    case conversationsMembers = "conversations.members"
    case usersInfo = "users.info"
    case usersList = "users.list"
    case viewsOpen = "views.open"
    case authTest = "auth.test"

    public var description: String { rawValue }

    public var scopes: Set<String> {
        switch self {
        // Posting into a channel the bot was not invited to needs chat:write.public.
        case .chatPostMessage: ["chat:write", "chat:write.public"]
        case .chatPostEphemeral, .chatUpdate: ["chat:write"]
        // Group DMs too: a message tracked by a reaction there is read back like any other.
        case .conversationsHistory, .conversationsReplies: ["channels:history", "groups:history", "im:history", "mpim:history"]
        case .conversationsOpen: ["im:write"]
        // Whether a channel is public, and who is in a private one, for searching decisions beyond one channel.
        case .conversationsInfo, .conversationsMembers: ["channels:read", "groups:read"]
        case .usersInfo, .usersList: ["users:read"]
        // A modal is opened with the trigger of the person's own click, and the bot may always ask who it is.
        case .viewsOpen, .authTest: []
        }
    }
}

/// The Events API events Unhurried subscribes to, and the bot scopes each needs.
public enum SlackEventSubscription: String, CaseIterable, Sendable {
    /// Commands given by mentioning the bot.
    case appMention = "app_mention"
    /// Replies in threads: public channels, private channels, and the bot's DMs.
    case messageChannels = "message.channels"
    case messageGroups = "message.groups"
    case messageIM = "message.im"
    /// ✅ on an item's messages, and the policy's track reaction on anyone's.
    case reactionAdded = "reaction_added"
    /// Someone joined a channel the bot is in: a newcomer, welcomed where the policy says so.
    case memberJoinedChannel = "member_joined_channel"
    /// A profile changed (its zone among the rest), or someone joined the workspace: their zone is remembered before
    /// anyone asks them anything.
    case userChange = "user_change"
    case teamJoin = "team_join"

    public var scopes: Set<String> {
        switch self {
        case .appMention: ["app_mentions:read"]
        case .messageChannels: ["channels:history"]
        case .messageGroups: ["groups:history"]
        case .messageIM: ["im:history"]
        case .reactionAdded: ["reactions:read"]
        // Public channels' joins with channels:read, private channels' with groups:read.
        case .memberJoinedChannel: ["channels:read", "groups:read"]
        case .userChange, .teamJoin: ["users:read"]
        }
    }
}

extension SlackPlatform {
    /// Slack has commands of its own named like these verbs; they are reached through the catch-all `/async`.
    public static let verbsOnlyThroughCatchAll: Set<String> = ["away", "help", "search"]
    /// The slash command that takes every verb as its first word.
    public static let catchAllCommand = "/async"
    /// Slash commands, and shortcuts, need this scope.
    public static let commandsScope = "commands"
    /// The message shortcut that opens the form for tracking a message as an ask.
    public static let trackShortcutCallbackID = "track_as_ask"
}
