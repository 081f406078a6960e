import ChatPlatformKit
import Crypto
import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// A server may send its first messages in the same packet as its switch to WebSocket, as Discord's Gateway sends its
/// hello: they must reach the client, and so must the code the server closes with.
@Suite(.timeLimit(.minutes(1))) struct WebSocketUpgradeTests {
    @Test func messagesSentWithTheUpgradeAnswerArriveAndTheCloseCodeIsReturned() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        let port = try #require(server.channel.localAddress?.port)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        try await connection.executeThenClose { inbound, outbound in
                            var request = ""
                            var reads = inbound.makeAsyncIterator()
                            while !request.contains("\r\n\r\n"), let chunk = try await reads.next() {
                                request += String(buffer: chunk)
                            }
                            var answer = ByteBuffer(string: Self.switching(request))
                            answer.writeBytes(Self.frame(opcode: 0x1, Array(#"{"op":10,"d":{"heartbeat_interval":41250}}"#.utf8)))
                            answer.writeBytes(Self.frame(opcode: 0x8, [0x0F, 0xA0]))  // 4000
                            try await outbound.write(answer)
                            // Open until the client closes, as a server is: its end does not come with the answer.
                            while try await reads.next() != nil {}
                        }
                    }
                }
            }
            let received = ReceivedTexts()
            let code = try await WebSocketConnection.run(URL(string: "ws://127.0.0.1:\(port)/?v=10&encoding=json")!) { _ in } received: { text in
                received.append(text)
            }
            #expect(received.texts == [#"{"op":10,"d":{"heartbeat_interval":41250}}"#])
            #expect(code == 4000)
            group.cancelAll()
        }
    }

    /// RFC 6455's answer to an upgrade request: its key, hashed with the protocol's GUID.
    private static func switching(_ request: String) -> String {
        let key = request.split(separator: "\r\n").first { $0.lowercased().hasPrefix("sec-websocket-key:") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? ""
        let accept = Data(Insecure.SHA1.hash(data: Data((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))).base64EncodedString()
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(accept)\r\n\r\n"
    }

    /// A final, unmasked frame of fewer than 126 bytes, as a server sends one.
    private static func frame(opcode: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0x80 | opcode, UInt8(payload.count)] + payload
    }
}

private final class ReceivedTexts: Sendable {
    private let storage = Mutex<[String]>([])
    var texts: [String] { storage.withLock { $0 } }
    func append(_ text: String) { storage.withLock { $0.append(text) } }
}
