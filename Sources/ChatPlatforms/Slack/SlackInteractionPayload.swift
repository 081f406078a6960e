import ChatPlatformKit

/// The JSON in an interaction's `payload` field, as far as Unhurried reads it: its type, and for `block_actions`
/// (https://api.slack.com/reference/interaction-payloads/block-actions) who clicked what, where.
enum SlackInteractionPayload: Decodable {
    case blockActions(SlackBlockActions)
    /// Modal submissions, shortcuts and the like: other shapes, none of them Unhurried's.
    case other(type: String)

    private enum CodingKeys: String, CodingKey {
        case type
    }

    init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .type)
        self = type == "block_actions" ? .blockActions(try SlackBlockActions(from: decoder)) : .other(type: type)
    }
}

struct SlackBlockActions: Decodable {
    struct User: Decodable {
        let id: String
        /// Sent by older payloads, which had no `team` object.
        @Readable var teamID: String?

        private enum CodingKeys: String, CodingKey {
            case id, teamID = "team_id"
        }
    }

    struct Team: Decodable {
        let id: String
    }

    struct Channel: Decodable {
        let id: String
    }

    struct Action: Decodable {
        struct Option: Decodable {
            @Readable var value: String?
        }

        let actionID: String
        @Readable var blockID: String?
        /// A button's value.
        @Readable var value: String?
        /// An overflow menu's choice.
        @Readable var selectedOption: Option?
        /// A date-time picker's choice, in Unix seconds.
        @Readable var selectedDateTime: Int?
        @Readable var actionTS: String?

        private enum CodingKeys: String, CodingKey {
            case actionID = "action_id", blockID = "block_id", value, selectedOption = "selected_option"
            case selectedDateTime = "selected_date_time", actionTS = "action_ts"
        }
    }

    let user: User
    @Readable var team: Team?
    /// One element per click.
    let actions: [Action]
    @Readable var channel: Channel?
    @Readable var triggerID: String?

    private enum CodingKeys: String, CodingKey {
        case user, team, actions, channel, triggerID = "trigger_id"
    }
}
