import ChatPlatforms
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A local stand-in for the parts of a Matrix homeserver's client-server API the bot calls, on 127.0.0.1. Like
/// Synapse it answers a repeated transaction id with the event it already made, keeps the bot's `m.direct` account
/// data, makes rooms, and reads back a room's messages newest first. Profiles answer `m.tz` for the people given.
/// An event too large for Synapse is refused as Synapse refuses it (see `pduBytes`).
final class FakeMatrixHomeserver: Sendable {
    struct SentEvent: Sendable {
        var room: String
        var transactionID: String
        var eventID: String
        var authorization: String?
        var content: [String: any Sendable]

        var body: String { content["body"] as? String ?? "" }
        var idempotencyKey: String? { content[MatrixMessageRenderer.idempotencyKeyField] as? String }
        var relation: [String: any Sendable]? { content["m.relates_to"] as? [String: any Sendable] }
        var threadRoot: String? { relation?["rel_type"] as? String == "m.thread" ? relation?["event_id"] as? String : nil }
        var edited: String? { relation?["rel_type"] as? String == "m.replace" ? relation?["event_id"] as? String : nil }
        var newBody: String? { (content["m.new_content"] as? [String: any Sendable])?["body"] as? String }
    }

    private struct State {
        var events: [SentEvent] = []
        var joins: [String] = []
        var createdRooms: [(room: String, invite: [String])] = []
        var direct: [String: [String]]?
    }

    /// A room's join rule and who is joined to it.
    struct Room: Sendable {
        var joinRule: String
        var joined: Set<String>
    }

    private let state = Mutex(State())
    private let zones: [String: String]
    private let rooms: [String: Room]
    /// The application service's bot, who may read only the rooms it is joined to.
    private let bot: String
    /// People's events by id, which `GET /rooms/{room}/event/{id}` answers with.
    private let written = Mutex<[String: [String: any Sendable]]>([:])

    /// Puts a person's `m.room.message` into a room, as if they had sent it.
    func write(_ eventID: String, in room: String, by sender: String, content: [String: any Sendable]) {
        written.withLock {
            $0[eventID] = ["event_id": eventID, "room_id": room, "sender": sender, "type": "m.room.message",
                           "origin_server_ts": 1_795_420_000_000, "content": content]
        }
    }

    init(zones: [String: String] = [:], rooms: [String: Room] = [:], bot: String = "@unhurried:example.org") {
        self.zones = zones
        self.rooms = rooms
        self.bot = bot
    }

    /// What the bot may read of a room, answered by `answer`: as Synapse answers someone not in a room, 403
    /// `M_FORBIDDEN` otherwise.
    private func reading(_ room: String, _ answer: (Room) -> Any) -> Response {
        guard let known = rooms[room], known.joined.contains(bot) else {
            return Self.json(["errcode": "M_FORBIDDEN", "error": "User \(bot) not in room \(room)"], status: .forbidden)
        }
        return Self.json(answer(known))
    }

    var events: [SentEvent] { state.withLock { $0.events } }
    var joins: [String] { state.withLock { $0.joins } }
    var createdRooms: [(room: String, invite: [String])] { state.withLock { $0.createdRooms } }

    func run(_ body: @escaping @Sendable (_ baseURL: URL) async throws -> Void) async throws {
        let router = Router()
        let client = router.group("_matrix/client/v3")
        client.put("rooms/{room}/send/m.room.message/{txn}") { request, context -> Response in
            let room = Self.decoded(context.parameters.get("room"))
            let transactionID = context.parameters.get("txn") ?? ""
            let content = try await Self.object(request)
            let eventID = self.state.withLock { state -> String? in
                if let earlier = state.events.first(where: { $0.transactionID == transactionID }) { return earlier.eventID }
                guard Self.pduBytes(content: content, room: room) <= Self.maxPDUBytes else { return nil }
                let eventID = "$event\(state.events.count + 1)"
                state.events.append(SentEvent(
                    room: room, transactionID: transactionID, eventID: eventID, authorization: request.headers[.authorization],
                    content: Self.sendable(content)))
                return eventID
            }
            guard let eventID else { return Self.json(["errcode": "M_TOO_LARGE", "error": "event too large"], status: .contentTooLarge) }
            return Self.json(["event_id": eventID])
        }
        client.post("rooms/{room}/join") { _, context -> Response in
            let room = Self.decoded(context.parameters.get("room"))
            self.state.withLock { $0.joins.append(room) }
            return Self.json(["room_id": room])
        }
        client.get("rooms/{room}/state/m.room.join_rules") { _, context -> Response in
            self.reading(Self.decoded(context.parameters.get("room"))) { ["join_rule": $0.joinRule] }
        }
        client.get("rooms/{room}/joined_members") { _, context -> Response in
            self.reading(Self.decoded(context.parameters.get("room"))) { room in
                ["joined": Dictionary(uniqueKeysWithValues: room.joined.map { ($0, ["display_name": String($0.dropFirst().prefix { $0 != ":" })]) })]
            }
        }
        client.get("profile/{user}/{field}") { _, context -> Response in
            let user = Self.decoded(context.parameters.get("user"))
            guard context.parameters.get("field") == "m.tz", let zone = self.zones[user] else {
                return Self.json(["errcode": "M_NOT_FOUND", "error": "Profile field not found"], status: .notFound)
            }
            return Self.json(["m.tz": zone])
        }
        client.get("user/{user}/account_data/m.direct") { _, _ -> Response in
            guard let direct = self.state.withLock({ $0.direct }) else {
                return Self.json(["errcode": "M_NOT_FOUND", "error": "Account data not found"], status: .notFound)
            }
            return Self.json(direct)
        }
        client.put("user/{user}/account_data/m.direct") { request, _ -> Response in
            let object = try await Self.object(request)
            self.state.withLock { $0.direct = object.compactMapValues { $0 as? [String] } }
            return Self.json([String: String]())
        }
        client.post("createRoom") { request, _ -> Response in
            let invite = try await Self.object(request)["invite"] as? [String] ?? []
            let room = self.state.withLock { state -> String in
                let room = "!direct\(state.createdRooms.count + 1)"
                state.createdRooms.append((room, invite))
                return room
            }
            return Self.json(["room_id": room])
        }
        // The spec answers 404 M_NOT_FOUND for an event the user cannot see, in another room as much as one that never was.
        client.get("rooms/{room}/event/{event}") { _, context -> Response in
            let room = Self.decoded(context.parameters.get("room"))
            let eventID = Self.decoded(context.parameters.get("event"))
            guard let event = self.written.withLock({ $0[eventID] }), event["room_id"] as? String == room else {
                return Self.json(["errcode": "M_NOT_FOUND", "error": "Event not found."], status: .notFound)
            }
            return Self.json(event)
        }
        client.get("rooms/{room}/messages") { _, context -> Response in
            let room = Self.decoded(context.parameters.get("room"))
            let chunk: [[String: Any]] = self.events.filter { $0.room == room }.reversed().map { event in
                ["event_id": event.eventID, "type": "m.room.message", "origin_server_ts": Int(Date().timeIntervalSince1970 * 1000),
                 "content": event.content as [String: Any]]
            }
            return Self.json(["chunk": chunk])
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(URL(string: "http://127.0.0.1:\(client.port!)")!)
        }
    }

    /// Synapse's `MAX_PDU_SIZE` (synapse/api/constants.py). The spec's "Size limits" section says 65,535, which its
    /// issue matrix-org/matrix-spec-proposals#3126 calls wrong: Synapse has refused only what is over 65,536 since 2015.
    static let maxPDUBytes = 65_536

    /// Synapse measures the whole event it built, not the content sent: `_check_size_limits` (synapse/event_auth.py)
    /// refuses when `len(encode_canonical_json(event.get_pdu_json())) > MAX_PDU_SIZE`, raising `EventSizeError("event
    /// too large")`, which answers 413 `M_TOO_LARGE` (synapse/api/errors.py). The fake cannot see that event, so it builds
    /// one the way Synapse does for a room of version 10 or 11 and measures it in canonical JSON (sorted keys, no spaces,
    /// UTF-8): three auth events and one previous event ("$" and 43 characters of hash each), a seven-digit depth, a
    /// SHA-256 hash (43), one ed25519 signature (86) under key "ed25519:a_AbCd", millisecond timestamps in
    /// `origin_server_ts` and `unsigned.age_ts`, the room from the path and a sender on an 18-character server name.
    /// Real envelopes vary by tens of bytes with the server's and sender's names.
    static func pduBytes(content: [String: Any], room: String) -> Int {
        let eventID = "$" + String(repeating: "E", count: 43)
        let event: [String: Any] = [
            "auth_events": [eventID, eventID, eventID], "content": content, "depth": 1_000_000,
            "hashes": ["sha256": String(repeating: "H", count: 43)], "origin_server_ts": 1_795_420_800_000,
            "prev_events": [eventID], "room_id": room, "sender": "@unhurried:matrix.example.org",
            "signatures": ["matrix.example.org": ["ed25519:a_AbCd": String(repeating: "S", count: 86)]],
            "type": "m.room.message", "unsigned": ["age_ts": 1_795_420_800_000],
        ]
        return (try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys, .withoutEscapingSlashes]))?.count ?? 0
    }

    /// Path parameters as the homeserver reads them: room and user ids arrive percent-encoded.
    private static func decoded(_ parameter: String?) -> String {
        parameter.map { $0.removingPercentEncoding ?? $0 } ?? ""
    }

    private static func object(_ request: Request) async throws -> [String: Any] {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        return (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// JSON objects as `Sendable` values: nested objects and arrays of strings, the shapes message content has.
    private static func sendable(_ object: [String: Any]) -> [String: any Sendable] {
        object.mapValues { value -> any Sendable in
            switch value {
            case let nested as [String: Any]: sendable(nested)
            case let strings as [String]: strings
            case let number as NSNumber: number.doubleValue
            default: String(describing: value)
            }
        }
    }

    private static func json(_ value: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
