/// The fields of a slash command that Slack and Mattermost both send, under the same names (Mattermost kept Slack's).
struct SlashCommandFields {
    var command: String
    var text: String
    var teamID: String
    var channelID: String
    var userID: String

    /// Nil when a required field is missing or empty.
    init?(_ fields: [String: String]) {
        guard let command = fields["command"], let teamID = fields["team_id"], let channelID = fields["channel_id"],
              let userID = fields["user_id"], !command.isEmpty, !teamID.isEmpty, !channelID.isEmpty, !userID.isEmpty
        else { return nil }
        (self.command, self.teamID, self.channelID, self.userID) = (command, teamID, channelID, userID)
        text = fields["text"] ?? ""
    }
}
