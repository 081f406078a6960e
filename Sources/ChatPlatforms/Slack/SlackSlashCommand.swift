import UnhurriedCore

/// The fields of a slash-command request that Unhurried uses.
public struct SlackSlashCommand: Sendable, Equatable {
    public var command: String
    public var text: String
    public var teamID: String
    public var channelID: String
    public var userID: String
    public var responseURL: String?

    /// Reads the form body Slack posts; nil when a required field is missing.
    public init?(formBody: String) {
        let fields = FormBody.fields(of: formBody)
        guard let command = fields["command"], let teamID = fields["team_id"], let channelID = fields["channel_id"],
              let userID = fields["user_id"], !command.isEmpty, !teamID.isEmpty, !channelID.isEmpty, !userID.isEmpty
        else { return nil }
        self.command = command
        self.text = fields["text"] ?? ""
        self.teamID = teamID
        self.channelID = channelID
        self.userID = userID
        self.responseURL = fields["response_url"]
    }

    public var incomingCommand: IncomingCommand {
        IncomingCommand(
            commandName: command,
            tokens: SlackText.tokens(from: text),
            speaker: ChatUserID(userID),
            channel: ChatChannel(platform: SlackPlatform.name, workspaceID: teamID, channelID: channelID))
    }
}

public enum SlackPlatform {
    public static let name = "slack"
}
