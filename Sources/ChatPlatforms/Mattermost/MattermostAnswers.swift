import ChatPlatformKit

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
    var username: String
    var timeZone: String?

    private enum CodingKeys: String, CodingKey {
        case username, timezone
    }

    private struct Zone: Decodable {
        @Readable var useAutomaticTimezone: MattermostFlag?
        @Readable var automaticTimezone: String?
        @Readable var manualTimezone: String?
    }

    /// The zone is the automatic one when the person lets the app pick, else the one they set by hand.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        username = try container.decode(String.self, forKey: .username)
        let zone = try container.decode(Readable<Zone>.self, forKey: .timezone).wrappedValue
        let chosen = zone?.useAutomaticTimezone?.isSet == true ? zone?.automaticTimezone : zone?.manualTimezone
        timeZone = chosen.flatMap { $0.isEmpty ? nil : $0 }
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
