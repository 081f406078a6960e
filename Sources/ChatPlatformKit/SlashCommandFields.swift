/// The fields of a slash command that Slack and Mattermost both send, under the same names (Mattermost kept Slack's).
package struct SlashCommandFields {
    package var command: String
    package var text: String
    package var teamID: String
    package var channelID: String
    package var userID: String

    /// Nil when a required field is missing or empty.
    package init?(_ fields: [String: String]) {
        guard let command = fields["command"], let teamID = fields["team_id"], let channelID = fields["channel_id"],
              let userID = fields["user_id"], !command.isEmpty, !teamID.isEmpty, !channelID.isEmpty, !userID.isEmpty
        else { return nil }
        (self.command, self.teamID, self.channelID, self.userID) = (command, teamID, channelID, userID)
        text = fields["text"] ?? ""
    }
}
