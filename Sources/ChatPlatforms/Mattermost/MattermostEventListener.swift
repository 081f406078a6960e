import ChatPlatformKit
import Foundation
import Logging
import ServiceLifecycle
import UnhurriedCore

/// Mattermost tells integrations about replies and reactions only over its WebSocket, so every replica keeps one
/// open as the bot and hands replies in an ask's thread and ✅ on its card to the same responses as Slack's events.
/// Replicas all receive every event; the shared inbound-event log lets one of them act on it. Events that happen
/// while no connection is open are not sent again by Mattermost: the buttons and commands still work.
struct MattermostEventListener: Service, CustomStringConvertible {
    let url: URL
    let botToken: String
    /// The teams Unhurried has commands in: a direct channel's ask is in one of them.
    let teams: [String]
    let client: MattermostClient
    let host: any PlatformHost
    let logger: Logger

    /// What the service lifecycle logs it as, without the bot's token.
    var description: String { "MattermostEventListener(url: \(url))" }

    func run() async throws {
        await cancelWhenGracefulShutdown { await listen() }
    }

    private func listen() async {
        var backoff = ReconnectBackoff()
        while !Task.isCancelled {
            let started = ContinuousClock.now
            var failure: (any Error)?
            do {
                let bot = try await client.botID()
                try await WebSocketConnection.run(url) { connection in
                    let challenge = JSONValue.object([
                        ("seq", 1), ("action", "authentication_challenge"), ("data", ["token": .string(botToken)]),
                    ])
                    try await connection.send(String(decoding: challenge.encoded(), as: UTF8.self))
                } received: { text in
                    try await handle(text, bot: bot)
                }
                logger.notice("Mattermost closed the event connection; reconnecting", metadata: ["url": "\(url)"])
            } catch {
                guard !Task.isCancelled else { return }
                failure = error
            }
            let wait = backoff.wait(afterAttemptStartedAt: started)
            if let failure {
                logger.warning("Mattermost event connection failed; retrying", metadata: [
                    "url": "\(url)", "error": "\(failure)", "retry_in": "\(wait)",
                ])
            }
            try? await Task.sleep(for: wait)
        }
    }

    private func handle(_ text: String, bot: String) async throws {
        guard let message = host.decoded(
            "event", platform: MattermostPlatform.name, logger: logger, try PayloadDecoder.decode(MattermostSocketMessage.self, from: Data(text.utf8)))
        else { return }
        if message.seqReply == 1 {
            guard message.status == "OK" else { throw TokenRefused(answer: text) }
            logger.info("Listening to Mattermost's events", metadata: ["url": "\(url)"])
            return
        }
        if case .userUpdated(let user) = message.data {
            remember(user)
            return
        }
        guard let event = MattermostEvent(message, botUserID: bot) else { return }
        do {
            let team = try await client.teamID(ofChannel: event.channelID)
            if !team.isEmpty {
                try await host.handle(event.chatEvent(teamID: team), eventID: event.eventID, platform: MattermostPlatform.name, logger: logger)
                return
            }
            // A direct channel belongs to no team: the reminder it answers was sent for an ask in one of the teams.
            // Only the team whose post it is concerns an item, so only that one is recorded and acted on.
            for team in teams {
                try await host.handle(
                    event.chatEventInDirectChannel(teamID: team), eventID: event.eventID, platform: MattermostPlatform.name, logger: logger)
            }
        } catch {
            // Mattermost does not send an event again; the person can still press the button or use the command.
            logger.error("Mattermost event could not be handled", metadata: ["event": "\(event.eventID)", "error": "\(error)"])
        }
    }

    /// A profile belongs to the server, not a team: its zone is remembered in every team Unhurried has commands in. Every
    /// replica gets the event; remembering a zone twice is the same as once.
    private func remember(_ user: MattermostUser) {
        guard let profile = user.profileZone else { return }
        for team in teams {
            host.rememberProfileChange(profile, in: WorkspaceRef(platform: MattermostPlatform.name, workspaceID: team))
        }
    }

    struct TokenRefused: Error, CustomStringConvertible {
        let answer: String

        var description: String { "Mattermost refused the bot token on the event connection: \(answer)" }
    }
}
