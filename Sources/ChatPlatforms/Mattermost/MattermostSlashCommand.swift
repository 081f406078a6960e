import ChatPlatformKit
import UnhurriedCore

/// The fields of a Mattermost custom slash command request that Unhurried uses.
public struct MattermostSlashCommand: Sendable, Equatable {
    public var command: String
    public var text: String
    public var teamID: String
    public var channelID: String
    public var userID: String
    public var userName: String
    /// The usernames the text mentions and their ids, as Mattermost resolved them (`user_mentions`, `user_mentions_ids`).
    public var mentionedUsers: [String: ChatUserID]

    /// Reads the form body Mattermost posts; nil when a required field is missing.
    /// Reads the form body Mattermost posts; fails with the first required field that is missing.
    package init(decodingFormBody formBody: String) throws(UndecodablePayload) {
        let pairs = FormBody.pairs(of: formBody)
        var fields: [String: String] = [:]
        for (name, value) in pairs where fields[name] == nil { fields[name] = value }
        let common = try SlashCommandFields(fields)
        (command, text, teamID, channelID, userID) = (common.command, common.text, common.teamID, common.channelID, common.userID)
        userName = fields["user_name"] ?? ""
        let names = pairs.filter { $0.name == "user_mentions" }.map { $0.value.lowercased() }
        let ids = pairs.filter { $0.name == "user_mentions_ids" }.map(\.value)
        // The two lists are parallel; Mattermost refuses a request whose lists differ in length, and so does this.
        mentionedUsers = names.count == ids.count
            ? Dictionary(zip(names, ids.map(ChatUserID.init)), uniquingKeysWith: { first, _ in first }) : [:]
    }

    public var incomingCommand: IncomingCommand {
        IncomingCommand(
            commandName: command,
            tokens: MattermostText.tokens(from: text, mentions: mentionedUsers),
            speaker: ChatUserID(userID),
            channel: ChatChannel(platform: MattermostPlatform.name, workspaceID: teamID, channelID: channelID))
    }

    /// Usernames this request tells: who typed it and whom it mentions.
    public var knownNames: [ChatUserID: String] {
        var names = Dictionary(mentionedUsers.map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        if !userName.isEmpty { names[ChatUserID(userID)] = userName }
        return names
    }
}

extension MattermostPlatform {
    /// The one slash command a team registers (`/async ask …`); hints name every verb through it.
    public static let command = "/async"
}
