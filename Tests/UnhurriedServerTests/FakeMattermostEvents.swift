import Foundation
import NIOCore
import NIOWebSocket
import Synchronization

/// A local stand-in for Mattermost's WebSocket (`/api/v4/websocket`) on 127.0.0.1: it answers the authentication
/// challenge (OK for `token`, FAIL otherwise, as Mattermost does) and pushes the events a test gives it to every
/// authenticated connection.
final class FakeMattermostEvents: Sendable {
    private let token: String
    private let connections = Mutex<[NIOAsyncChannelOutboundWriter<WebSocketFrame>]>([])
    private let challenges = Mutex<[String]>([])

    init(token: String) {
        self.token = token
    }

    /// The tokens presented, in order.
    var presentedTokens: [String] { challenges.withLock { $0 } }
    var authenticatedConnections: Int { connections.withLock { $0.count } }

    /// Sends `event` (one JSON text message) to every authenticated connection.
    func push(_ event: String) async throws {
        for writer in connections.withLock({ $0 }) {
            try await writer.write(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: event)))
        }
    }

    /// Sends one text message that never ends: `frames` frames of `frameBytes` each, none of them the last.
    func pushEndlessMessage(frames: Int, frameBytes: Int) async throws {
        for writer in connections.withLock({ $0 }) {
            for index in 0..<frames {
                let chunk = ByteBuffer(repeating: UInt8(ascii: "x"), count: frameBytes)
                try await writer.write(WebSocketFrame(fin: false, opcode: index == 0 ? .text : .continuation, data: chunk))
            }
        }
    }

    func run(_ body: @escaping @Sendable (_ url: URL) async throws -> Void) async throws {
        try await serveWebSockets(path: "/api/v4/websocket", { inbound, outbound in try await self.serve(inbound, outbound) }, body)
    }

    private func serve(
        _ inbound: NIOAsyncChannelInboundStream<WebSocketFrame>, _ outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>
    ) async throws {
        try await outbound.write(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: #"{"event":"hello","data":{"server_version":"10.5.0"},"broadcast":{},"seq":0}"#)))
        for try await frame in inbound where frame.opcode == .text {
            let message = (try? JSONSerialization.jsonObject(with: Data(frame.unmaskedData.readableBytesView))) as? [String: Any]
            guard message?["action"] as? String == "authentication_challenge" else { continue }
            let presented = (message?["data"] as? [String: Any])?["token"] as? String ?? ""
            challenges.withLock { $0.append(presented) }
            let seq = message?["seq"] as? Int ?? 0
            if presented == token {
                try await outbound.write(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: #"{"status":"OK","seq_reply":\#(seq)}"#)))
                connections.withLock { $0.append(outbound) }
            } else {
                let refusal = #"{"status":"FAIL","seq_reply":\#(seq),"error":{"id":"api.web_socket_router.not_authenticated.app_error","message":"Invalid or expired session"}}"#
                try await outbound.write(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: refusal)))
                return
            }
        }
    }
}
