import Foundation
import NIOCore
import NIOWebSocket
import Synchronization

/// A local stand-in for Discord's Gateway on 127.0.0.1, speaking version 10 in JSON: it says hello with a heartbeat
/// interval, acknowledges heartbeats, answers an identify with `READY` (a session to resume at its own address, the bot
/// and its one server) or, as Discord does, closes with 4004 for another token and with 4014 for the message content
/// intent when `refusesMessageContent`; a resume of its session is answered `RESUMED`. Dispatches a test gives it go to
/// every connection that identified or resumed, numbered in sequence.
final class FakeDiscordGateway: Sendable {
    static let path = "/?v=10&encoding=json"
    static let sessionID = "session-1"

    let token: String
    let botID: String
    let guild: String
    let heartbeatMilliseconds: Int
    let refusesMessageContent: Bool
    private let state = Mutex(State())

    private struct State {
        var base = ""
        var sequence = 0
        var identifies: [[String: any Sendable]] = []
        var resumes: [[String: any Sendable]] = []
        var heartbeats = 0
        var connections: [NIOAsyncChannelOutboundWriter<WebSocketFrame>] = []
    }

    init(token: String, botID: String, guild: String, heartbeatMilliseconds: Int = 1_000, refusesMessageContent: Bool = false) {
        self.token = token
        self.botID = botID
        self.guild = guild
        self.heartbeatMilliseconds = heartbeatMilliseconds
        self.refusesMessageContent = refusesMessageContent
    }

    /// The identifies' and resumes' `d`, in order.
    var identifies: [[String: any Sendable]] { state.withLock { $0.identifies } }
    var resumes: [[String: any Sendable]] { state.withLock { $0.resumes } }
    var heartbeats: Int { state.withLock { $0.heartbeats } }
    var sequence: Int { state.withLock { $0.sequence } }

    /// Where `GET /gateway/bot` says to connect: the address without the version Unhurried adds.
    var address: String { state.withLock { $0.base } }

    func dispatch(_ type: String, _ data: [String: Any]) async throws {
        let (sequence, writers) = state.withLock { state in
            state.sequence += 1
            return (state.sequence, state.connections)
        }
        let text = try Self.text(["op": 0, "t": type, "s": sequence, "d": data])
        for writer in writers { try? await writer.write(Self.frame(text)) }
    }

    /// Asks every connection to reconnect and resume (opcode 7), as Discord does before it moves a session.
    func askToReconnect() async {
        let writers = state.withLock { state in
            defer { state.connections = [] }
            return state.connections
        }
        for writer in writers { try? await writer.write(Self.frame(#"{"op":7,"d":null}"#)) }
    }

    /// Closes every connection with `code`, as Discord does when it drops one.
    func close(code: UInt16) async {
        let writers = state.withLock { state in
            defer { state.connections = [] }
            return state.connections
        }
        for writer in writers { try? await writer.write(Self.closing(code)) }
    }

    func run(_ body: @escaping @Sendable () async throws -> Void) async throws {
        try await serveWebSockets(path: Self.path, { inbound, outbound in try await self.serve(inbound, outbound) }) { url in
            self.state.withLock { $0.base = url.absoluteString.replacingOccurrences(of: Self.path, with: "") }
            try await body()
        }
    }

    private func serve(_ inbound: NIOAsyncChannelInboundStream<WebSocketFrame>, _ outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>) async throws {
        try await outbound.write(Self.frame(try Self.text(["op": 10, "d": ["heartbeat_interval": heartbeatMilliseconds]])))
        for try await frame in inbound where frame.opcode == .text {
            guard let message = (try? JSONSerialization.jsonObject(with: Data(frame.unmaskedData.readableBytesView))) as? [String: Any] else { continue }
            let data = message["d"] as? [String: Any] ?? [:]
            switch message["op"] as? Int {
            case 1:
                state.withLock { $0.heartbeats += 1 }
                try await outbound.write(Self.frame(#"{"op":11}"#))
            case 2:
                state.withLock { $0.identifies.append(data.mapValues { "\($0)" }) }
                guard data["token"] as? String == token else { return try await outbound.write(Self.closing(4004)) }
                if refusesMessageContent, (data["intents"] as? Int ?? 0) & (1 << 15) != 0 { return try await outbound.write(Self.closing(4014)) }
                let sequence = state.withLock { state in
                    state.connections.append(outbound)
                    state.sequence += 1
                    return state.sequence
                }
                try await outbound.write(Self.frame(try Self.text(["op": 0, "t": "READY", "s": sequence, "d": [
                    "v": 10, "session_id": Self.sessionID, "resume_gateway_url": address,
                    "user": ["id": botID, "username": "unhurried", "bot": true], "guilds": [["id": guild, "unavailable": true]],
                ]])))
            case 6:
                state.withLock { $0.resumes.append(data.mapValues { "\($0)" }) }
                guard data["token"] as? String == token, data["session_id"] as? String == Self.sessionID else {
                    return try await outbound.write(Self.frame(#"{"op":9,"d":false}"#))
                }
                let sequence = state.withLock { state in
                    state.connections.append(outbound)
                    state.sequence += 1
                    return state.sequence
                }
                try await outbound.write(Self.frame(try Self.text(["op": 0, "t": "RESUMED", "s": sequence, "d": [:] as [String: Any]])))
            default:
                continue
            }
        }
    }

    private static func text(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    private static func frame(_ text: String) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: text))
    }

    private static func closing(_ code: UInt16) -> WebSocketFrame {
        var data = ByteBuffer()
        data.writeInteger(code)
        return WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
    }
}
