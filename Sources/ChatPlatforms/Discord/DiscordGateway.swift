import ChatPlatformKit
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnhurriedCore

/// Discord tells applications about messages and reactions only over its Gateway, a WebSocket, so every replica keeps
/// a session open as the bot and hands replies to the bot's messages, ✅ on them and direct messages to the same
/// responses as the other platforms' events. Replicas all receive every event; the shared inbound-event log lets one
/// of them act on it. A dropped connection resumes its session, so Discord sends what it missed; a session that
/// cannot be resumed starts anew, and what happened in between is not sent again (the buttons and commands still work).
struct DiscordGateway: Service, CustomStringConvertible {
    let api: DiscordAPI
    let botToken: String
    let host: any PlatformHost
    let logger: Logger

    var description: String { "DiscordGateway" }

    /// Reconnecting waits this long at first, doubling up to `longestWait`.
    static let firstWait = Duration.seconds(1)
    static let longestWait = Duration.seconds(60)
    /// After Discord refused the token, trying again soon would only be refused again.
    static let waitAfterRefusal = Duration.seconds(600)
    static let waitAfterPermanentRefusal = Duration.seconds(86_400)

    /// Messages in servers, reactions, direct messages and their reactions, and (privileged, enabled in the developer
    /// portal) what messages say.
    static let intents = (1 << 0) | (1 << 9) | (1 << 10) | (1 << 12) | (1 << 13)
    static let messageContentIntent = 1 << 15

    /// Why a connection was given up from this side.
    enum Ending: Error {
        /// Discord asked for it (opcode 7), or the session was invalid (opcode 9).
        case reconnectAsked
        /// A heartbeat went unacknowledged: the connection is dead though still open.
        case heartbeatUnanswered
    }

    func run() async throws {
        await cancelWhenGracefulShutdown { await listen() }
    }

    private func listen() async {
        let session = DiscordGatewaySession()
        var wait = Self.firstWait
        while !Task.isCancelled {
            let started = ContinuousClock.now
            var pause = wait
            do {
                let resumeURL = session.state.withLock { $0.id == nil ? nil : $0.resumeURL }
                let url = if let resumeURL { resumeURL } else { try await gatewayURL() }
                let code = try await connect(url, session: session)
                pause = afterClose(code, session: session) ?? wait
            } catch Ending.reconnectAsked {
                // Discord asks a client told its session is invalid to wait one to five seconds.
                pause = .milliseconds(Int.random(in: 1_000...5_000))
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("Discord Gateway connection failed; retrying", metadata: ["error": "\(error)", "retry_in": "\(wait)"])
            }
            if ContinuousClock.now - started > Self.longestWait { wait = Self.firstWait }
            try? await Task.sleep(for: pause)
            wait = min(wait * 2, Self.longestWait)
        }
    }

    /// What Discord's close code means for the next attempt: how long to wait, nil for the usual backoff.
    private func afterClose(_ code: UInt16?, session: DiscordGatewaySession) -> Duration? {
        switch code {
        case 4004:
            logger.error("Discord refused the bot token on the Gateway; check DISCORD_BOT_TOKEN", metadata: ["close_code": "4004"])
            return Self.waitAfterRefusal
        case 4014 where session.state.withLock({ $0.readsContent }):
            logger.error("""
                The application may not read messages' content (enable the Message Content intent in the Discord developer portal); \
                replies to its messages still count as answers, but their words are not kept with the asks
                """, metadata: ["close_code": "4014"])
            session.state.withLock { $0.readsContent = false }
            return .zero
        case 4010, 4011, 4012, 4013, 4014:
            // Sharding, the API version or the intents were refused: the same request would be refused again.
            logger.error("Discord refused the Gateway session; trying again in a day", metadata: ["close_code": "\(code ?? 0)"])
            return Self.waitAfterPermanentRefusal
        case 4007, 4009:
            // The sequence or the session is no longer good: start a new one.
            session.state.withLock { $0.id = nil }
            return nil
        default:
            logger.notice("Discord closed the Gateway connection; reconnecting", metadata: ["close_code": "\(code.map(String.init) ?? "none")"])
            return nil
        }
    }

    /// Where to connect (`GET /gateway/bot`), with the version and encoding Unhurried speaks.
    private func gatewayURL() async throws -> URL {
        guard let answer = try await api.call("GET", "/gateway/bot", answer: GatewayAnswer.self), let url = Self.versioned(answer.url) else {
            throw DeliveryFailure.temporary("GET /gateway/bot answered without a URL")
        }
        return url
    }

    private struct GatewayAnswer: Decodable {
        let url: String
    }

    static func versioned(_ base: String) -> URL? {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + "/?v=10&encoding=json")
    }

    /// One connection: identifies (or resumes), keeps the heartbeat, and hands events on until it ends. Returns
    /// Discord's close code.
    private func connect(_ url: URL, session: DiscordGatewaySession) async throws -> UInt16? {
        let connection = DiscordGatewayConnection(token: botToken, session: session)
        return try await withThrowingTaskGroup(of: UInt16?.self) { group in
            group.addTask {
                try await WebSocketConnection.run(url) { outbound in
                    connection.opened(outbound)
                } received: { text in
                    try await handle(text, connection: connection, session: session)
                }
            }
            group.addTask {
                try await connection.keepHeartbeat()
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    private func handle(_ text: String, connection: DiscordGatewayConnection, session: DiscordGatewaySession) async throws {
        guard let message = host.decoded(
            "gateway message", platform: DiscordPlatform.name, logger: logger,
            try PayloadDecoder.decode(DiscordGatewayMessage.self, from: Data(text.utf8)))
        else { return }
        if let sequence = message.sequence { session.state.withLock { $0.sequence = sequence } }
        switch message.payload {
        case .hello(let interval):
            try await connection.begin(heartbeatEvery: interval)
        case .heartbeatAcknowledged:
            connection.acknowledged()
        case .heartbeatRequested:
            try await connection.sendHeartbeat()
        case .reconnect:
            throw Ending.reconnectAsked
        case .invalidSession(let resumable):
            if !resumable { session.state.withLock { $0.id = nil } }
            throw Ending.reconnectAsked
        case .ready(let ready):
            session.state.withLock { session in
                session.id = ready.sessionID
                session.resumeURL = Self.versioned(ready.resumeGatewayURL)
                session.botID = ready.user.id
                session.guilds.formUnion((ready.guilds ?? []).map(\.id))
            }
            logger.info("Listening to Discord's Gateway", metadata: ["bot": "\(ready.user.id)"])
        case .guildAvailable(let id):
            _ = session.state.withLock { $0.guilds.insert(id) }
        case .messageCreated, .reactionAdded:
            let (botID, guilds) = session.state.withLock { ($0.botID, $0.guilds) }
            guard let (eventID, events) = DiscordEvent.chatEvents(of: message.payload, botID: botID, guilds: guilds) else { return }
            do {
                for event in events {
                    try await host.handle(event, eventID: eventID, platform: DiscordPlatform.name, logger: logger)
                }
            } catch {
                // Discord does not send an event again; the person can still press the button or use the command.
                logger.error("Discord event could not be handled", metadata: ["event": "\(eventID)", "error": "\(error)"])
            }
        case .other:
            return
        }
    }
}

/// What outlives one Gateway connection: the session to resume, and what its `READY` said.
final class DiscordGatewaySession: Sendable {
    struct State {
        var id: String?
        var resumeURL: URL?
        var sequence: Int?
        var botID: String?
        var guilds: Set<String> = []
        /// Whether to ask for what messages say; not after Discord refused the intent.
        var readsContent = true
    }

    let state = Mutex(State())
}
