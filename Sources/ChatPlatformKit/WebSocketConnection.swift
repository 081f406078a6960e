import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// One WebSocket connection as a client (`ws://` or `wss://`), for platforms that push events over one (Mattermost).
/// libcurl on these systems has no WebSocket support, so this is SwiftNIO's.
public enum WebSocketConnection {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unsupportedURL(String)
        case notUpgraded
        case messageTooLarge

        public var description: String {
            switch self {
            case .unsupportedURL(let url): "not a ws:// or wss:// URL: \(url)"
            case .notUpgraded: "the server did not switch to WebSocket (wrong URL or credentials?)"
            case .messageTooLarge: "a message grew past \(WebSocketConnection.maximumMessageBytes >> 20) MiB; the connection was dropped"
            }
        }
    }

    /// A message longer than this, however it is split into frames, is refused: frames are bounded one by one, but
    /// a peer could otherwise send continuation frames until memory runs out.
    public static let maximumMessageBytes = 16 * 1024 * 1024

    /// Sends text messages into an open connection.
    public struct Outbound: Sendable {
        fileprivate let writer: NIOAsyncChannelOutboundWriter<WebSocketFrame>

        public func send(_ text: String) async throws {
            // A client masks every frame it sends (RFC 6455 §5.3).
            try await writer.write(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text)))
        }
    }

    /// How often the client pings, and how long a connection may stay silent before it is taken for dead.
    static let pingInterval = Duration.seconds(60)
    static let silenceLimit = TimeAmount.seconds(150)

    private enum Upgrade {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case notUpgraded
    }

    /// Connects to `url` with `headers` on the upgrade request, calls `opened`, then `received` for every text
    /// message until the server closes the connection (returns the code it closed with, if it gave one) or it fails
    /// (throws). Pings are answered.
    @discardableResult
    public static func run(
        _ url: URL, headers: [(String, String)] = [],
        opened: @Sendable (Outbound) async throws -> Void,
        received: @Sendable (String) async throws -> Void
    ) async throws -> UInt16? {
        guard let scheme = url.scheme?.lowercased(), scheme == "ws" || scheme == "wss", let host = url.host else {
            throw Failure.unsupportedURL(url.absoluteString)
        }
        let secure = scheme == "wss"
        let port = url.port ?? (secure ? 443 : 80)
        var requestHeaders = HTTPHeaders([("Host", url.port.map { "\(host):\($0)" } ?? host), ("Content-Length", "0")])
        for (name, value) in headers { requestHeaders.add(name: name, value: value) }
        let path = url.path.isEmpty ? "/" : url.path + (url.query.map { "?\($0)" } ?? "")
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: requestHeaders)
        let tls = secure ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil

        let upgrade: EventLoopFuture<Upgrade> = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: host))
                    }
                    // A connection that went silent (a dropped NAT mapping, a dead peer) is closed, so the caller
                    // reconnects; the pings sent below keep a healthy one talking.
                    try channel.pipeline.syncOperations.addHandlers([IdleStateHandler(readTimeout: silenceLimit), CloseWhenSilent()])
                    // One frame may carry a whole message: Discord sends a large server's `GUILD_CREATE` in one.
                    let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(maxFrameSize: maximumMessageBytes) { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            .websocket(try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel))
                        }
                    }
                    let configuration = NIOTypedHTTPClientUpgradeConfiguration<Upgrade>(
                        upgradeRequestHead: head, upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in
                            channel.close(promise: nil)
                            return channel.eventLoop.makeSucceededFuture(.notUpgraded)
                        })
                    // What the server sends right behind its 101 (Discord's hello) can arrive in the same read; NIO drops
                    // those bytes unless told to pass them on to the WebSocket decoder.
                    var pipeline = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: configuration)
                    pipeline.leftOverBytesStrategy = .forwardBytes
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: pipeline)
                }
            }
        guard case .websocket(let channel) = try await upgrade.get() else { throw Failure.notUpgraded }
        return try await channel.executeThenClose { inbound, outbound -> UInt16? in
            try await opened(Outbound(writer: outbound))
            let pings = Task {
                while !Task.isCancelled {
                    try await Task.sleep(for: pingInterval)
                    try await outbound.write(WebSocketFrame(fin: true, opcode: .ping, maskKey: .random(), data: ByteBuffer()))
                }
            }
            defer { pings.cancel() }
            var message = ByteBuffer()
            for try await frame in inbound {
                switch frame.opcode {
                case .text, .continuation:
                    var data = frame.unmaskedData
                    guard message.readableBytes + data.readableBytes <= maximumMessageBytes else { throw Failure.messageTooLarge }
                    message.writeBuffer(&data)
                    if frame.fin {
                        try await received(String(buffer: message))
                        message.clear()
                    }
                case .ping:
                    try await outbound.write(WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData))
                case .connectionClose:
                    var data = frame.unmaskedData
                    return data.readInteger(as: UInt16.self)
                default:
                    break
                }
            }
            return nil
        }
    }
}

/// Closes the connection when `IdleStateHandler` reports that nothing was read for too long.
private final class CloseWhenSilent: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
