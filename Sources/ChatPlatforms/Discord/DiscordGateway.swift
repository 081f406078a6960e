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

    /// After Discord refused the token, trying again soon would only be refused again.
    static let waitAfterRefusal = Duration.seconds(600)
    static let waitAfterPermanentRefusal = Duration.seconds(86_400)

    /// Messages in servers, reactions, direct messages and their reactions, and (privileged, enabled in the developer
    /// portal) what messages say.
    static let intents = (1 << 0) | (1 << 9) | (1 << 10) | (1 << 12) | (1 << 13)
    static let messageContentIntent = 1 << 15

    /// Why a connection was given up, or not made.
    enum Ending: Error {
        /// Discord asked for it (opcode 7): resume at once.
        case reconnectAsked
        /// The session was invalid (opcode 9).
        case sessionInvalid
        /// A heartbeat went unacknowledged: the connection is dead though still open.
        case heartbeatUnanswered
        /// `GET /gateway/bot` refused the token.
        case tokenRefused
        /// No session may start before this long has passed: the day's identifies are spent.
        case noSessionsLeft(Duration)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            // Events are handled apart from the connection that brought them, so a slow store neither holds up the
            // heartbeat's acknowledgements nor loses an event when the connection drops while it is handled.
            let (events, received) = AsyncStream<DiscordEvent.Received>.makeStream()
            await withDiscardingTaskGroup { group in
                group.addTask { await handle(events) }
                await listen(handing: received)
                received.finish()
            }
        }
    }

    private func handle(_ received: AsyncStream<DiscordEvent.Received>) async {
        for await event in received {
            do {
                for chatEvent in event.events {
                    try await host.handle(chatEvent, eventID: event.eventID, platform: DiscordPlatform.name, logger: logger)
                }
            } catch {
                // Discord does not send an event again; the person can still press the button or use the command.
                logger.error("Discord event could not be handled", metadata: ["event": "\(event.eventID)", "error": "\(error)"])
            }
        }
    }

    private func listen(handing received: AsyncStream<DiscordEvent.Received>.Continuation) async {
        let session = DiscordGatewaySession()
        var backoff = ReconnectBackoff()
        while !Task.isCancelled {
            let started = ContinuousClock.now
            // The pause before the next attempt, from the backoff's wait unless what ended this one says otherwise.
            var pause: (Duration) -> Duration = { $0 }
            var failure: (any Error)?
            do {
                let resumeURL = session.state.withLock { $0.id == nil ? nil : $0.resumeURL }
                let url = if let resumeURL { resumeURL } else { try await gatewayURL() }
                let code = try await connect(url, session: session, handing: received)
                let closed = afterClose(code, session: session)
                pause = { closed ?? $0 }
            } catch Ending.reconnectAsked {
                pause = { _ in .zero }
            } catch Ending.sessionInvalid {
                // Discord asks a client told its session is invalid to wait one to five seconds; one told so again and
                // again backs off further, so as not to spend the day's identifies.
                pause = { max(.milliseconds(Int.random(in: 1_000...5_000)), $0) }
            } catch Ending.tokenRefused {
                logger.error("Discord refused the bot token; check DISCORD_BOT_TOKEN", metadata: ["retry_in": "\(Self.waitAfterRefusal)"])
                pause = { _ in Self.waitAfterRefusal }
            } catch Ending.noSessionsLeft(let until) {
                logger.error("Discord allows no more Gateway sessions today; waiting", metadata: ["retry_in": "\(until)"])
                pause = { _ in until }
            } catch DeliveryFailure.rateLimited(let seconds) {
                pause = { max(.seconds(seconds ?? 1), $0) }
            } catch {
                guard !Task.isCancelled else { return }
                failure = error
            }
            let wait = backoff.wait(afterAttemptStartedAt: started)
            if let failure {
                logger.warning("Discord Gateway connection failed; retrying", metadata: ["error": "\(failure)", "retry_in": "\(wait)"])
            }
            try? await Task.sleep(for: pause(wait))
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
            session.state.withLock { $0.endSession() }
            return nil
        default:
            logger.notice("Discord closed the Gateway connection; reconnecting", metadata: ["close_code": "\(code.map(String.init) ?? "none")"])
            return nil
        }
    }

    /// Where to connect (`GET /gateway/bot`), with the version and encoding Unhurried speaks; refused when the token
    /// is, or when the day's session starts are spent.
    private func gatewayURL() async throws -> URL {
        let response = try await api.response("GET", "/gateway/bot")
        if response.status == 401 { throw Ending.tokenRefused }
        guard (200..<300).contains(response.status) else { throw api.failure(response, what: "GET /gateway/bot") }
        guard let answer = try? JSONDecoder().decode(GatewayAnswer.self, from: response.body), let url = Self.versioned(answer.url) else {
            throw DeliveryFailure.temporary("GET /gateway/bot answered without a URL")
        }
        if let limit = answer.sessionStartLimit, limit.remaining == 0 {
            throw Ending.noSessionsLeft(.milliseconds(max(limit.resetAfter, 1_000)))
        }
        return url
    }

    private struct GatewayAnswer: Decodable {
        struct StartLimit: Decodable {
            let remaining: Int
            let resetAfter: Int

            private enum CodingKeys: String, CodingKey {
                case remaining, resetAfter = "reset_after"
            }
        }

        let url: String
        @Readable var sessionStartLimit: StartLimit?

        private enum CodingKeys: String, CodingKey {
            case url, sessionStartLimit = "session_start_limit"
        }
    }

    static func versioned(_ base: String) -> URL? {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + "/?v=10&encoding=json")
    }

    /// One connection: identifies (or resumes), keeps the heartbeat, and hands events on until it ends. Returns
    /// Discord's close code.
    private func connect(
        _ url: URL, session: DiscordGatewaySession, handing received: AsyncStream<DiscordEvent.Received>.Continuation
    ) async throws -> UInt16? {
        let connection = DiscordGatewayConnection(token: botToken, session: session)
        return try await withThrowingTaskGroup(of: UInt16?.self) { group in
            group.addTask {
                try await WebSocketConnection.run(url) { outbound in
                    connection.opened(outbound)
                } received: { text in
                    try await read(text, connection: connection, session: session, handing: received)
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

    private func read(
        _ text: String, connection: DiscordGatewayConnection, session: DiscordGatewaySession,
        handing received: AsyncStream<DiscordEvent.Received>.Continuation
    ) async throws {
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
            if !resumable { session.state.withLock { $0.endSession() } }
            throw Ending.sessionInvalid
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
        case .guildLeft(let id):
            _ = session.state.withLock { $0.guilds.remove(id) }
        case .messageCreated, .reactionAdded:
            let (botID, guilds) = session.state.withLock { ($0.botID, $0.guilds) }
            guard let event = DiscordEvent.chatEvents(of: message.payload, botID: botID, guilds: guilds) else { return }
            received.yield(event)
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

        /// The next connection identifies anew, and counts from its own first event.
        mutating func endSession() {
            id = nil
            sequence = nil
        }
    }

    let state = Mutex(State())
}
