import ChatPlatformKit

/// A Matrix error answer (https://spec.matrix.org/latest/client-server-api/#standard-error-response).
struct MatrixErrorAnswer: Decodable {
    @Readable var errcode: String?
    @Readable var error: String?
    /// Sent with `M_LIMIT_EXCEEDED`.
    @Readable var retryAfterMilliseconds: Int?

    private enum CodingKeys: String, CodingKey {
        case errcode, error, retryAfterMilliseconds = "retry_after_ms"
    }
}

/// `PUT /rooms/{roomId}/send/…`'s answer.
struct MatrixSentEvent: Decodable {
    let eventID: String

    private enum CodingKeys: String, CodingKey {
        case eventID = "event_id"
    }
}

/// `POST /createRoom`'s answer.
struct MatrixCreatedRoom: Decodable {
    let roomID: String

    private enum CodingKeys: String, CodingKey {
        case roomID = "room_id"
    }
}

/// A page of `GET /rooms/{roomId}/messages`, newest first when read backwards.
struct MatrixMessagesPage: Decodable {
    struct Event: Decodable {
        @Readable var eventID: String?
        @Readable var originServerTS: Int64?
        /// Free-form: the idempotency key Unhurried adds is one field of it.
        @Readable var content: [String: JSONValue]?

        private enum CodingKeys: String, CodingKey {
            case eventID = "event_id", originServerTS = "origin_server_ts", content
        }
    }

    @Readable var chunk: [Event]?
    /// Where the next page starts; absent when there is none.
    @Readable var end: String?
}

/// The bot's `m.direct` account data: for each person, the direct rooms with them, oldest first. An entry that is not
/// a list of room ids is left out, and so dropped when the bot writes its list back.
struct MatrixDirectRooms: Decodable {
    var rooms: [String: [String]]

    init(from decoder: any Decoder) throws {
        rooms = try decoder.singleValueContainer().decode([String: Readable<[String]>].self).compactMapValues(\.wrappedValue)
    }
}
