import ChatPlatforms
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A local stand-in for the parts of a Matrix homeserver's client-server API the bot calls, on 127.0.0.1. Like
/// Synapse it answers a repeated transaction id with the event it already made, keeps the bot's `m.direct` account
/// data, makes rooms, and reads back a room's messages newest first. Profiles answer `m.tz` for the people given.
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

    private let state = Mutex(State())
    private let zones: [String: String]

    init(zones: [String: String] = [:]) {
        self.zones = zones
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
            let eventID = self.state.withLock { state -> String in
                if let earlier = state.events.first(where: { $0.transactionID == transactionID }) { return earlier.eventID }
                let eventID = "$event\(state.events.count + 1)"
                state.events.append(SentEvent(
                    room: room, transactionID: transactionID, eventID: eventID, authorization: request.headers[.authorization],
                    content: Self.sendable(content)))
                return eventID
            }
            return Self.json(["event_id": eventID])
        }
        client.post("rooms/{room}/join") { _, context -> Response in
            let room = Self.decoded(context.parameters.get("room"))
            self.state.withLock { $0.joins.append(room) }
            return Self.json(["room_id": room])
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
