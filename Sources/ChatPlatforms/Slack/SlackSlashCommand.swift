import ChatPlatformKit
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
    /// Reads the form body Slack posts; fails with the first required field that is missing.
    package init(decodingFormBody formBody: String) throws(UndecodablePayload) {
        let fields = FormBody.fields(of: formBody)
        let common = try SlashCommandFields(fields)
        (command, text, teamID, channelID, userID) = (common.command, common.text, common.teamID, common.channelID, common.userID)
        responseURL = fields["response_url"]
    }

    public var incomingCommand: IncomingCommand {
        IncomingCommand(
            commandName: command,
            tokens: SlackText.tokens(from: text),
            speaker: ChatUserID(userID),
            channel: ChatChannel(platform: SlackPlatform.name, workspaceID: teamID, channelID: channelID))
    }
}
