import ChatPlatformKit
import Foundation
import Synchronization
import UnhurriedCore

/// One open Gateway connection from this side: it identifies or resumes once Discord has said hello, and sends a
/// heartbeat at the interval Discord gave, ending the connection when one goes unacknowledged.
final class DiscordGatewayConnection: Sendable {
    private let token: String
    private let session: DiscordGatewaySession
    private let state = Mutex(State())

    private struct State {
        var outbound: WebSocketConnection.Outbound?
        var interval: Duration?
        var acknowledged = true
    }

    /// Wakes the heartbeat once Discord has said how often.
    private let hello = AsyncStream<Duration>.makeStream()

    init(token: String, session: DiscordGatewaySession) {
        self.token = token
        self.session = session
    }

    func opened(_ outbound: WebSocketConnection.Outbound) {
        state.withLock { $0.outbound = outbound }
    }

    /// Resumes the session there is, or identifies anew with the intents the application may have.
    func begin(heartbeatEvery interval: Duration) async throws {
        let (id, sequence, readsContent) = session.state.withLock { ($0.id, $0.sequence, $0.readsContent) }
        if let id, let sequence {
            try await send(["op": 6, "d": ["token": .string(token), "session_id": .string(id), "seq": .number(Double(sequence))]])
        } else {
            let intents = DiscordGateway.intents | (readsContent ? DiscordGateway.messageContentIntent : 0)
            try await send(["op": 2, "d": [
                "token": .string(token), "intents": .number(Double(intents)),
                "properties": ["os": "linux", "browser": "unhurried", "device": "unhurried"],
            ]])
        }
        hello.continuation.yield(interval)
    }

    func acknowledged() {
        state.withLock { $0.acknowledged = true }
    }

    func sendHeartbeat() async throws {
        let sequence = session.state.withLock { $0.sequence }
        try await send(["op": 1, "d": sequence.map { .number(Double($0)) } ?? .null])
    }

    /// The first heartbeat after a random part of the interval, as Discord asks, so that many clients reconnecting at
    /// once do not beat together; then one each interval, as long as the one before was acknowledged.
    func keepHeartbeat() async throws {
        var intervals = hello.stream.makeAsyncIterator()
        guard let interval = await intervals.next() else { return }
        try await Task.sleep(for: interval * Double.random(in: 0...1))
        while !Task.isCancelled {
            let answered = state.withLock { state in
                defer { state.acknowledged = false }
                return state.acknowledged
            }
            guard answered else { throw DiscordGateway.Ending.heartbeatUnanswered }
            try await sendHeartbeat()
            try await Task.sleep(for: interval)
        }
    }

    private func send(_ message: JSONValue) async throws {
        guard let outbound = state.withLock({ $0.outbound }) else { return }
        try await outbound.send(String(decoding: message.encoded(), as: UTF8.self))
    }
}
