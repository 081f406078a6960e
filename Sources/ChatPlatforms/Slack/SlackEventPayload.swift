import ChatPlatformKit

/// An Events API request body (https://api.slack.com/apis/events-api#receiving-events), as far as Unhurried reads it.
enum SlackEventPayload: Decodable {
    case urlVerification(challenge: String)
    case eventCallback(SlackEventCallback)
    case other(type: String)

    private enum CodingKeys: String, CodingKey {
        case type, challenge
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "url_verification": self = .urlVerification(challenge: try container.decode(String.self, forKey: .challenge))
        case "event_callback": self = .eventCallback(try SlackEventCallback(from: decoder))
        default: self = .other(type: type)
        }
    }
}

struct SlackEventCallback: Decodable {
    struct Authorization: Decodable {
        @Readable var userID: String?

        private enum CodingKeys: String, CodingKey {
            case userID = "user_id"
        }
    }

    let eventID: String
    let teamID: String
    let event: SlackEvent
    /// The installation the event is delivered for: its `user_id` is the bot's own.
    @Readable var authorizations: [Authorization]?

    private enum CodingKeys: String, CodingKey {
        case eventID = "event_id", teamID = "team_id", event, authorizations
    }
}

/// The event inside a callback: the fields of `message`, `app_mention`, `reaction_added` and `member_joined_channel`
/// that Unhurried reads. Each
/// is optional: which of them an event has depends on its type and subtype (an edit has no `user`, a bot's post has a
/// `bot_id`), and an event Unhurried cannot act on is still acknowledged.
struct SlackEvent: Decodable {
    /// What a reaction was added to.
    struct Item: Decodable {
        @Readable var type: String?
        @Readable var channel: String?
        @Readable var ts: String?
    }

    @Readable var type: String?
    @Readable var subtype: String?
    /// Whatever its value, it marks a bot's post.
    @Readable var botID: JSONValue?
    @Readable var user: String?
    @Readable var channel: String?
    @Readable var channelType: String?
    @Readable var text: String?
    @Readable var ts: String?
    @Readable var threadTS: String?
    @Readable var reaction: String?
    @Readable var item: Item?

    private enum CodingKeys: String, CodingKey {
        case type, subtype, botID = "bot_id", user, channel, channelType = "channel_type", text, ts, threadTS = "thread_ts", reaction, item
    }
}

/// A `user_change` or `team_join` callback, whose event carries a whole user object.
struct SlackProfileEventCallback: Decodable {
    struct Event: Decodable {
        let user: SlackUserInfo.User
    }

    let event: Event
}
