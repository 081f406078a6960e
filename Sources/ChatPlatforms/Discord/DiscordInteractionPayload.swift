import ChatPlatformKit

/// An interaction as Discord posts it to the interactions endpoint
/// (https://discord.com/developers/docs/interactions/receiving-and-responding), as far as Unhurried reads it.
struct DiscordInteractionPayload: Decodable {
    struct User: Decodable {
        let id: String
    }

    struct Member: Decodable {
        @Readable var user: User?
    }

    struct Option: Decodable {
        let name: String
        @Readable var value: String?
    }

    /// A command's name and options, or a pressed component's id.
    struct Details: Decodable {
        @Readable var name: String?
        @Readable var options: [Option]?
        @Readable var customID: String?

        private enum CodingKeys: String, CodingKey {
            case name, options, customID = "custom_id"
        }
    }

    let type: Int
    @Readable var id: String?
    /// Lets the application answer later, for fifteen minutes.
    @Readable var token: String?
    @Readable var guildID: String?
    @Readable var channelID: String?
    /// Who acted, in a server.
    @Readable var member: Member?
    /// Who acted, in a direct message.
    @Readable var user: User?
    @Readable var data: Details?

    private enum CodingKeys: String, CodingKey {
        case type, id, token, guildID = "guild_id", channelID = "channel_id", member, user, data
    }
}
