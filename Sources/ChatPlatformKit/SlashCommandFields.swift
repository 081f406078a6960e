/// The fields of a slash command that Slack and Mattermost both send, under the same names (Mattermost kept Slack's).
package struct SlashCommandFields {
    package var command: String
    package var text: String
    package var teamID: String
    package var channelID: String
    package var userID: String

    /// Fails on the first required field that is missing or empty.
    package init(_ fields: [String: String]) throws(UndecodablePayload) {
        func required(_ name: String) throws(UndecodablePayload) -> String {
            guard let value = fields[name], !value.isEmpty else { throw .missingField(name) }
            return value
        }
        command = try required("command")
        teamID = try required("team_id")
        channelID = try required("channel_id")
        userID = try required("user_id")
        text = fields["text"] ?? ""
    }
}
