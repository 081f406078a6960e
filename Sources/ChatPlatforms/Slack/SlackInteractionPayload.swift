import ChatPlatformKit
import Foundation

/// The JSON in an interaction's `payload` field, as far as Unhurried reads it: its type, and for `block_actions`
/// (https://api.slack.com/reference/interaction-payloads/block-actions) who clicked what, where; for
/// `message_action` (https://api.slack.com/reference/interaction-payloads/shortcuts) the message a shortcut was
/// used on; for `view_submission` (https://api.slack.com/reference/interaction-payloads/views) a submitted modal.
enum SlackInteractionPayload: Decodable {
    case blockActions(SlackBlockActions)
    case messageAction(SlackMessageShortcut)
    case viewSubmission(SlackViewSubmission)
    /// Global shortcuts, closed modals and the like: other shapes, none of them Unhurried's.
    case other(type: String)

    /// Reads the form body Slack posts: one `payload` field holding JSON.
    init(decodingFormBody formBody: String) throws(UndecodablePayload) {
        guard let payload = FormBody.fields(of: formBody)["payload"] else { throw .missingField("payload") }
        self = try PayloadDecoder.decode(Self.self, from: Data(payload.utf8))
    }

    private enum CodingKeys: String, CodingKey {
        case type
    }

    init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .type)
        switch type {
        case "block_actions": self = .blockActions(try SlackBlockActions(from: decoder))
        case "message_action": self = .messageAction(try SlackMessageShortcut(from: decoder))
        case "view_submission": self = .viewSubmission(try SlackViewSubmission(from: decoder))
        default: self = .other(type: type)
        }
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
