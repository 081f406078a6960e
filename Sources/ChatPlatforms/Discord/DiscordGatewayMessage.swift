import ChatPlatformKit

/// A message of Discord's Gateway (https://discord.com/developers/docs/events/gateway), as far as Unhurried reads it:
/// the opcode, the sequence number of a dispatch, and the events that bear on an item.
package struct DiscordGatewayMessage: Decodable {
    package enum Payload {
        /// Opcode 10: how often to send a heartbeat.
        case hello(heartbeatInterval: Duration)
        /// Opcode 11.
        case heartbeatAcknowledged
        /// Opcode 1 from Discord: send a heartbeat now.
        case heartbeatRequested
        /// Opcode 7: connect again and resume.
        case reconnect
        /// Opcode 9: the session is over, or (`resumable`) may be resumed.
        case invalidSession(resumable: Bool)
        case ready(Ready)
        case guildAvailable(id: String)
        /// The bot left the server, or was removed from it (not an outage, which says `unavailable`).
        case guildLeft(id: String)
        case messageCreated(Message)
        case reactionAdded(Reaction)
        /// Any other dispatch, or another opcode.
        case other
    }

    package struct Ready: Decodable {
        package let sessionID: String
        package let resumeGatewayURL: String
        package let user: User
        /// The servers the bot is in, announced one by one afterwards (`GUILD_CREATE`).
        @Readable package var guilds: [Guild]?

        private enum CodingKeys: String, CodingKey {
            case sessionID = "session_id", resumeGatewayURL = "resume_gateway_url", user, guilds
        }
    }

    package struct User: Decodable {
        package let id: String
        @Readable package var bot: Bool?
    }

    package struct Guild: Decodable {
        package let id: String
        @Readable package var unavailable: Bool?
    }

    package struct Message: Decodable {
        package struct Reference: Decodable {
            /// 0 (or absent): a reply; 1: a forward.
            @Readable package var type: Int?
            @Readable package var messageID: String?

            private enum CodingKeys: String, CodingKey {
                case type, messageID = "message_id"
            }
        }

        package let id: String
        /// 0: a message; 19: a reply; others are the system's (a pin, a join, a thread made).
        @Readable package var type: Int?
        package let channelID: String
        @Readable package var guildID: String?
        package let author: User
        /// Empty unless the application may read messages' content (a privileged intent), or the message is in a
        /// direct conversation with the bot or mentions it.
        @Readable package var content: String?
        /// The message replied to.
        @Readable package var messageReference: Reference?
        /// Set on messages a webhook posted.
        @Readable package var webhookID: String?

        private enum CodingKeys: String, CodingKey {
            case id, type, channelID = "channel_id", guildID = "guild_id", author, content, messageReference = "message_reference"
            case webhookID = "webhook_id"
        }
    }

    package struct Reaction: Decodable {
        package struct Emoji: Decodable {
            /// The character of a standard emoji; a server's own emoji has a name of its choosing and an id.
            @Readable package var name: String?
        }

        package let userID: String
        package let channelID: String
        package let messageID: String
        @Readable package var guildID: String?
        package let emoji: Emoji

        private enum CodingKeys: String, CodingKey {
            case userID = "user_id", channelID = "channel_id", messageID = "message_id", guildID = "guild_id", emoji
        }
    }

    private struct Hello: Decodable {
        let heartbeatInterval: Int

        private enum CodingKeys: String, CodingKey {
            case heartbeatInterval = "heartbeat_interval"
        }
    }

    /// The sequence number of a dispatch, which heartbeats and a resume send back.
    package let sequence: Int?
    package let payload: Payload

    private enum CodingKeys: String, CodingKey {
        case op, s, t, d
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try? container.decodeIfPresent(Int.self, forKey: .s)
        switch try container.decode(Int.self, forKey: .op) {
        case 0:
            switch try container.decodeIfPresent(String.self, forKey: .t) {
            case "READY": payload = .ready(try container.decode(Ready.self, forKey: .d))
            case "GUILD_CREATE": payload = .guildAvailable(id: try container.decode(Guild.self, forKey: .d).id)
            case "GUILD_DELETE":
                let guild = try container.decode(Guild.self, forKey: .d)
                payload = guild.unavailable == true ? .other : .guildLeft(id: guild.id)
            case "MESSAGE_CREATE": payload = .messageCreated(try container.decode(Message.self, forKey: .d))
            case "MESSAGE_REACTION_ADD": payload = .reactionAdded(try container.decode(Reaction.self, forKey: .d))
            default: payload = .other
            }
        case 1: payload = .heartbeatRequested
        case 7: payload = .reconnect
        case 9: payload = .invalidSession(resumable: (try? container.decode(Bool.self, forKey: .d)) ?? false)
        case 10: payload = .hello(heartbeatInterval: .milliseconds(try container.decode(Hello.self, forKey: .d).heartbeatInterval))
        case 11: payload = .heartbeatAcknowledged
        default: payload = .other
        }
    }
}
