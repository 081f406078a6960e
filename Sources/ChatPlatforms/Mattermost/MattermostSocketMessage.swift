import ChatPlatformKit
import Foundation

/// One message on Mattermost's WebSocket (https://developers.mattermost.com/api-documentation/#/#websocket): an
/// answer to one of the client's requests (`seq_reply`), or an event. Of the events, a new post, a reaction, a
/// member added to a channel and a changed profile are read further; their `data` differs per event.
package struct MattermostSocketMessage: Decodable {
    enum EventData {
        case posted(MattermostPost)
        case reactionAdded(MattermostReaction)
        /// Someone was added to, or joined, the channel the broadcast names.
        case userAdded(userID: String)
        /// Someone's profile changed; its zone among the rest.
        case userUpdated(MattermostUser)
        /// Typing, status changes, and the many other events Unhurried does not act on.
        case other
    }

    struct Broadcast: Decodable {
        @Readable var channelID: String?

        private enum CodingKeys: String, CodingKey {
            case channelID = "channel_id"
        }
    }

    /// The `seq` of the request this answers.
    @Readable package var seqReply: Int?
    @Readable package var status: String?
    @Readable var broadcast: Broadcast?
    /// What `event` names, read as far as Unhurried acts on it.
    let data: EventData

    private enum CodingKeys: String, CodingKey {
        case seqReply = "seq_reply", status, event, broadcast, data
    }

    private enum DataKeys: String, CodingKey {
        case post, reaction, userID = "user_id", user
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        _seqReply = try container.decode(Readable<Int>.self, forKey: .seqReply)
        _status = try container.decode(Readable<String>.self, forKey: .status)
        _broadcast = try container.decode(Readable<Broadcast>.self, forKey: .broadcast)
        switch try container.decode(Readable<String>.self, forKey: .event).wrappedValue {
        case "posted":
            let data = try container.nestedContainer(keyedBy: DataKeys.self, forKey: .data)
            self.data = .posted(try data.decode(MattermostEmbedded<MattermostPost>.self, forKey: .post).value)
        case "reaction_added":
            let data = try container.nestedContainer(keyedBy: DataKeys.self, forKey: .data)
            self.data = .reactionAdded(try data.decode(MattermostEmbedded<MattermostReaction>.self, forKey: .reaction).value)
        case "user_added":
            let data = try container.nestedContainer(keyedBy: DataKeys.self, forKey: .data)
            self.data = .userAdded(userID: try data.decode(String.self, forKey: .userID))
        case "user_updated":
            let data = try container.nestedContainer(keyedBy: DataKeys.self, forKey: .data)
            self.data = .userUpdated(try data.decode(MattermostEmbedded<MattermostUser>.self, forKey: .user).value)
        default:
            data = .other
        }
    }
}

/// A post as Mattermost sends it in a `posted` event.
struct MattermostPost: Decodable {
    struct Properties: Decodable {
        /// Set, as text, on posts made through an incoming webhook.
        @Readable var fromWebhook: String?

        private enum CodingKeys: String, CodingKey {
            case fromWebhook = "from_webhook"
        }
    }

    let id: String
    let userID: String
    let channelID: String
    /// The thread's first post; empty or absent for a post that starts a thread.
    @Readable var rootID: String?
    /// Empty for a person's post; system messages (joins, header changes) name their kind.
    @Readable var type: String?
    @Readable var props: Properties?
    /// What was written, in Mattermost's Markdown.
    @Readable var message: String?

    private enum CodingKeys: String, CodingKey {
        case id, userID = "user_id", channelID = "channel_id", rootID = "root_id", type, props, message
    }
}

/// A reaction as Mattermost sends it in a `reaction_added` event.
struct MattermostReaction: Decodable {
    let userID: String
    let postID: String
    let emojiName: String
    /// Sent by newer servers; the event's broadcast names the channel too.
    @Readable var channelID: String?

    private enum CodingKeys: String, CodingKey {
        case userID = "user_id", postID = "post_id", emojiName = "emoji_name", channelID = "channel_id"
    }
}

/// Mattermost nests the post and the reaction as JSON text inside the event's JSON; an object is read as well.
struct MattermostEmbedded<Value: Decodable>: Decodable {
    let value: Value

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let text = try? container.decode(String.self) else {
            value = try container.decode(Value.self)
            return
        }
        do {
            value = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw error.under(decoder.codingPath)
        }
    }
}
