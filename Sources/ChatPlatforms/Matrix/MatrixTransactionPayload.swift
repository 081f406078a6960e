import ChatPlatformKit

/// A transaction the homeserver pushes (https://spec.matrix.org/latest/application-service-api/#pushing-events), as
/// far as Unhurried reads it.
struct MatrixTransactionPayload: Decodable {
    /// Each event is read on its own: one Unhurried cannot read is skipped, so that it does not hold up the others
    /// (a transaction refused is sent again, unchanged, forever).
    struct PushedEvent: Decodable {
        let reading: Result<MatrixRoomEvent, UndecodablePayload>

        init(from decoder: any Decoder) throws {
            // An element that is not an object at all makes the transaction not one, as before events were read one by one.
            _ = try decoder.container(keyedBy: MatrixRoomEvent.CodingKeys.self)
            do {
                reading = .success(try MatrixRoomEvent(from: decoder))
            } catch let error as DecodingError {
                reading = .failure(UndecodablePayload(error))
            }
        }
    }

    let events: [PushedEvent]
}

/// A room event (https://spec.matrix.org/latest/client-server-api/#room-event-format) with the content of the types
/// Unhurried reads.
struct MatrixRoomEvent: Decodable {
    enum Content {
        case member(MatrixMemberContent)
        case reaction(MatrixReactionContent)
        case message(MatrixMessageContent)
        /// Content shapes differ per type; those of other types are not read.
        case other
    }

    let type: String
    let sender: String
    let eventID: String
    let roomID: String
    /// The user a membership event is about.
    @Readable var stateKey: String?
    let content: Content
    /// What the homeserver adds about the event, such as a state event's previous content.
    @Readable var unsigned: MatrixUnsignedData?

    fileprivate enum CodingKeys: String, CodingKey {
        case type, sender, eventID = "event_id", roomID = "room_id", stateKey = "state_key", content, unsigned
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        sender = try container.decode(String.self, forKey: .sender)
        eventID = try container.decode(String.self, forKey: .eventID)
        roomID = try container.decode(String.self, forKey: .roomID)
        _stateKey = try container.decode(Readable<String>.self, forKey: .stateKey)
        _unsigned = try container.decode(Readable<MatrixUnsignedData>.self, forKey: .unsigned)
        switch type {
        case "m.room.member": content = .member(try container.decode(MatrixMemberContent.self, forKey: .content))
        case "m.reaction": content = .reaction(try container.decode(MatrixReactionContent.self, forKey: .content))
        case "m.room.message": content = .message(try container.decode(MatrixMessageContent.self, forKey: .content))
        default: content = .other
        }
    }
}

// Content fields are optional throughout: a redacted event keeps its type and loses its content.

struct MatrixMemberContent: Decodable {
    @Readable var membership: String?
}

/// An event's `unsigned` data: for a membership event, the membership it replaced (a profile change keeps `join`).
struct MatrixUnsignedData: Decodable {
    @Readable var prevContent: MatrixMemberContent?

    private enum CodingKeys: String, CodingKey {
        case prevContent = "prev_content"
    }
}

struct MatrixReactionContent: Decodable {
    @Readable var relatesTo: MatrixRelation?

    private enum CodingKeys: String, CodingKey {
        case relatesTo = "m.relates_to"
    }
}

struct MatrixMessageContent: Decodable {
    @Readable var msgtype: String?
    @Readable var body: String?
    @Readable var format: String?
    @Readable var formattedBody: String?
    /// Present on an edit, whatever it holds.
    @Readable var newContent: JSONValue?
    @Readable var relatesTo: MatrixRelation?

    private enum CodingKeys: String, CodingKey {
        case msgtype, body, format, formattedBody = "formatted_body", newContent = "m.new_content", relatesTo = "m.relates_to"
    }
}

/// `m.relates_to`: the event another one annotates (a reaction), replaces (an edit), or follows in a thread, and the
/// event a rich reply answers.
struct MatrixRelation: Decodable {
    struct InReplyTo: Decodable {
        @Readable var eventID: String?

        private enum CodingKeys: String, CodingKey {
            case eventID = "event_id"
        }
    }

    @Readable var relType: String?
    @Readable var eventID: String?
    /// A reaction's emoji.
    @Readable var key: String?
    @Readable var inReplyTo: InReplyTo?

    private enum CodingKeys: String, CodingKey {
        case relType = "rel_type", eventID = "event_id", key, inReplyTo = "m.in_reply_to"
    }
}
