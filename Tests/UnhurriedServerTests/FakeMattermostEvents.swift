import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
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

    private enum Upgrade {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case notUpgraded
    }

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
        let server: NIOAsyncChannel<EventLoopFuture<Upgrade>, Never> = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let upgrader = NIOTypedWebSocketServerUpgrader<Upgrade>(
                        shouldUpgrade: { channel, head in
                            channel.eventLoop.makeSucceededFuture(head.uri == "/api/v4/websocket" ? HTTPHeaders() : nil)
                        },
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                .websocket(try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel))
                            }
                        })
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: .init(
                        upgradeConfiguration: .init(upgraders: [upgrader], notUpgradingCompletionHandler: { channel in
                            channel.close().map { .notUpgraded }
                        })))
                }
            }
        let port = server.channel.localAddress!.port!
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withThrowingDiscardingTaskGroup { connections in
                    try await server.executeThenClose { inbound in
                        for try await upgrade in inbound {
                            connections.addTask { try? await self.serve(upgrade) }
                        }
                    }
                }
            }
            try await body(URL(string: "ws://127.0.0.1:\(port)/api/v4/websocket")!)
            group.cancelAll()
        }
    }

    private func serve(_ upgrade: EventLoopFuture<Upgrade>) async throws {
        guard case .websocket(let channel) = try await upgrade.get() else { return }
        try await channel.executeThenClose { inbound, outbound in
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
}
