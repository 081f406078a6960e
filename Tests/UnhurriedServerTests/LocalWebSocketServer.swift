import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

private enum Upgrade {
    case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
    case notUpgraded
}

/// Serves WebSocket connections on an ephemeral port of 127.0.0.1 for the duration of `body`, which gets the URL; a
/// request for another path than `path` (its query included) is not upgraded. Each connection is handed to
/// `connection` and closed when it returns.
func serveWebSockets(
    path: String,
    _ connection: @escaping @Sendable (NIOAsyncChannelInboundStream<WebSocketFrame>, NIOAsyncChannelOutboundWriter<WebSocketFrame>) async throws -> Void,
    _ body: @escaping @Sendable (_ url: URL) async throws -> Void
) async throws {
    let server: NIOAsyncChannel<EventLoopFuture<Upgrade>, Never> = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0) { channel in
            channel.eventLoop.makeCompletedFuture {
                let upgrader = NIOTypedWebSocketServerUpgrader<Upgrade>(
                    shouldUpgrade: { channel, head in
                        channel.eventLoop.makeSucceededFuture(head.uri == path ? HTTPHeaders() : nil)
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
                        connections.addTask {
                            guard case .websocket(let channel) = try? await upgrade.get() else { return }
                            try? await channel.executeThenClose { inbound, outbound in try await connection(inbound, outbound) }
                        }
                    }
                }
            }
        }
        try await body(URL(string: "ws://127.0.0.1:\(port)\(path)")!)
        group.cancelAll()
    }
}
