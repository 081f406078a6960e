import ChatPlatformKit
import UnhurriedCore

/// A Mattermost error answer.
struct MattermostErrorAnswer: Decodable {
    @Readable var message: String?
}

/// The answer of a call that makes or reads one thing (a post, a direct channel, the bot itself), as far as its id.
struct MattermostEntity: Decodable {
    let id: String
}

/// `GET /channels/{id}`'s answer.
struct MattermostChannel: Decodable {
    /// Empty for direct and group messages, which belong to no team.
    @Readable var teamID: String?
    /// `O` for a public channel, `P` for a private one, `D` and `G` for direct and group messages.
    @Readable var type: String?

    private enum CodingKeys: String, CodingKey {
        case teamID = "team_id", type
    }
}

/// `GET /channels/{id}/posts`'s answer: the posts by id, each with the properties Unhurried may have given it.
struct MattermostPostList: Decodable {
    struct Post: Decodable {
        /// Free-form: the idempotency key Unhurried adds is one of them.
        @Readable var props: [String: JSONValue]?
    }

    @Readable var posts: [String: Post]?
}

/// What Unhurried reads of a Mattermost user (`GET /users/{id}`): the name mentions use, and the zone their deadlines
/// count in.
struct MattermostUser: Decodable, Sendable {
    var id: String?
    var username: String
    var timeZone: String?
    /// Set (milliseconds) once the account is deactivated.
    var deletedAt: Int?
    var isBot: Bool

    private enum CodingKeys: String, CodingKey {
        case id, username, timezone, deleteAt = "delete_at", isBot = "is_bot"
    }

    private struct Zone: Decodable {
        @Readable var useAutomaticTimezone: MattermostFlag?
        @Readable var automaticTimezone: String?
        @Readable var manualTimezone: String?
    }

    /// The zone is the automatic one when the person lets the app pick, else the one they set by hand.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Readable<String>.self, forKey: .id).wrappedValue
        username = try container.decode(String.self, forKey: .username)
        deletedAt = try container.decode(Readable<Int>.self, forKey: .deleteAt).wrappedValue.flatMap { $0 == 0 ? nil : $0 }
        isBot = try container.decode(Readable<Bool>.self, forKey: .isBot).wrappedValue ?? false
        let zone = try container.decode(Readable<Zone>.self, forKey: .timezone).wrappedValue
        let chosen = zone?.useAutomaticTimezone?.isSet == true ? zone?.automaticTimezone : zone?.manualTimezone
        timeZone = chosen.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// What the profile says of the person's zone; nil without an id, and for a deactivated account or a bot, whose zone
    /// nobody's deadline counts in.
    var profileZone: ProfileZone? {
        guard deletedAt == nil, !isBot else { return nil }
        return id.map { ProfileZone(user: ChatUserID($0), zone: timeZone) }
    }
}

/// A yes or no that Mattermost writes as the text `"true"` in some places and versions and as a boolean in others.
struct MattermostFlag: Decodable {
    let isSet: Bool

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        isSet = (try? value.decode(Bool.self)) ?? ((try? value.decode(String.self)) == "true")
    }
}
