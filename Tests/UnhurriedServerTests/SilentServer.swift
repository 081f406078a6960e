import Foundation
import NIOCore
import NIOPosix
import Testing

/// A server on 127.0.0.1 that accepts connections and reads what it is sent but never answers: a chat API that
/// has stopped responding.
struct SilentServer {
    /// Runs the server on an ephemeral port for the duration of `body`.
    static func run<Result: Sendable>(_ body: (_ baseURL: URL) async throws -> Result) async throws -> Result {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        do {
            let result = try await body(URL(string: "http://127.0.0.1:\(port)/api")!)
            try await channel.close()
            return result
        } catch {
            try? await channel.close()
            throw error
        }
    }
}
