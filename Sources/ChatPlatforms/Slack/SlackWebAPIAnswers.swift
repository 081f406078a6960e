import ChatPlatformKit

/// A Web API method's answer: whether the call worked, beside what the method answers. Slack answers most failures
/// with HTTP 200, `"ok": false` and an error code.
struct SlackAnswer<Content: Decodable>: Decodable {
    struct Outcome: Decodable {
        @Readable var ok: Bool?
        @Readable var error: String?
    }

    let outcome: Outcome
    let content: Content

    init(from decoder: any Decoder) throws {
        outcome = try Outcome(from: decoder)
        content = try Content(from: decoder)
    }
}

/// The answer of a method whose content Unhurried does not read.
struct SlackNoContent: Decodable {}

/// `chat.postMessage`'s answer.
struct SlackPostedMessage: Decodable {
    @Readable var ts: String?
}

/// `chat.postEphemeral`'s answer.
struct SlackPostedEphemeral: Decodable {
    @Readable var messageTS: String?

    private enum CodingKeys: String, CodingKey {
        case messageTS = "message_ts"
    }
}

/// `conversations.open`'s answer.
struct SlackOpenedConversation: Decodable {
    struct Channel: Decodable {
        let id: String
    }

    @Readable var channel: Channel?
}

/// A page of `conversations.history` or `conversations.replies`: each message's `ts` and the idempotency key Unhurried
/// put in its metadata.
struct SlackHistoryPage: Decodable {
    struct Message: Decodable {
        struct Metadata: Decodable {
            struct Payload: Decodable {
                @Readable var idempotencyKey: String?

                private enum CodingKeys: String, CodingKey {
                    case idempotencyKey = "idempotency_key"
                }
            }

            @Readable var eventPayload: Payload?

            private enum CodingKeys: String, CodingKey {
                case eventPayload = "event_payload"
            }
        }

        @Readable var ts: String?
        @Readable var metadata: Metadata?
    }

    struct ResponseMetadata: Decodable {
        @Readable var nextCursor: String?

        private enum CodingKeys: String, CodingKey {
            case nextCursor = "next_cursor"
        }
    }

    @Readable var messages: [Message]?
    @Readable var responseMetadata: ResponseMetadata?

    private enum CodingKeys: String, CodingKey {
        case messages, responseMetadata = "response_metadata"
    }
}

/// `users.info`'s answer: the names a person goes by and their profile's zone.
struct SlackUserInfo: Decodable {
    /// A user object (https://api.slack.com/types/user), as `users.info`, `users.list`, `user_change` and `team_join`
    /// give it.
    struct User: Decodable {
        struct Profile: Decodable {
            @Readable var displayName: String?

            private enum CodingKeys: String, CodingKey {
                case displayName = "display_name"
            }
        }

        @Readable var id: String?
        @Readable var teamID: String?
        @Readable var name: String?
        @Readable var realName: String?
        @Readable var profile: Profile?
        @Readable var tz: String?
        @Readable var deleted: Bool?
        @Readable var isBot: Bool?

        private enum CodingKeys: String, CodingKey {
            case id, teamID = "team_id", name, realName = "real_name", profile, tz, deleted, isBot = "is_bot"
        }

        /// A person who can be asked: neither deactivated nor a bot. Only their zones are worth keeping.
        var isAskablePerson: Bool { deleted != true && isBot != true }
    }

    @Readable var user: User?
}

/// `conversations.info`'s answer, as far as it says who may read the channel.
struct SlackConversationInfo: Decodable {
    struct Conversation: Decodable {
        @Readable var isChannel: Bool?
        @Readable var isPrivate: Bool?
        @Readable var isIM: Bool?
        @Readable var isMPIM: Bool?

        private enum CodingKeys: String, CodingKey {
            case isChannel = "is_channel", isPrivate = "is_private", isIM = "is_im", isMPIM = "is_mpim"
        }
    }

    @Readable var channel: Conversation?
}

/// A page of `conversations.members`: member user ids and the cursor of the next page.
struct SlackConversationMembers: Decodable {
    @Readable var members: [String]?
    @Readable var responseMetadata: SlackHistoryPage.ResponseMetadata?

    private enum CodingKeys: String, CodingKey {
        case members, responseMetadata = "response_metadata"
    }
}

/// A page of `users.list`: the workspace's user objects and the cursor of the next page.
struct SlackUsersList: Decodable {
    @Readable var members: [SlackUserInfo.User]?
    @Readable var responseMetadata: SlackHistoryPage.ResponseMetadata?

    private enum CodingKeys: String, CodingKey {
        case members, responseMetadata = "response_metadata"
    }
}
