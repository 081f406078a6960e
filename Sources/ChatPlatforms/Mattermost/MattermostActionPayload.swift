import ChatPlatformKit

/// What Mattermost posts to an integration when someone clicks a button or picks from a menu
/// (https://developers.mattermost.com/integrate/plugins/interactive-messages/), as far as Unhurried reads it.
struct MattermostActionPayload: Decodable {
    /// What the button carried: Unhurried's own context, signed when the card was rendered. A context without its
    /// fields is not one of Unhurried's buttons.
    struct Context: Decodable {
        @Readable var action: String?
        @Readable var item: String?
        @Readable var team: String?
        @Readable var signature: String?
        /// Where Mattermost puts a menu's choice.
        @Readable var selectedOption: String?

        private enum CodingKeys: String, CodingKey {
            case action, item, team, signature, selectedOption = "selected_option"
        }
    }

    let context: Context
    /// Read once the signature is checked, so a forged click is refused whatever else it lacks.
    @Readable var userID: String?
    @Readable var channelID: String?
    @Readable var postID: String?
    @Readable var triggerID: String?
    /// Where older servers put a menu's choice.
    @Readable var selectedOption: String?

    private enum CodingKeys: String, CodingKey {
        case context, userID = "user_id", channelID = "channel_id", postID = "post_id", triggerID = "trigger_id"
        case selectedOption = "selected_option"
    }
}
