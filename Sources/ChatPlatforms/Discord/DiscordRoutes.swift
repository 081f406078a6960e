import ChatPlatformKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import UnhurriedCore

/// `/discord/interactions`: Discord's slash commands and button presses, each verified by its Ed25519 signature
/// before it is read, and answered within Discord's three seconds.
struct DiscordRoutes<Context: RequestContext> {
    /// An interaction is a few KiB; one with resolved people and channels stays well below this.
    static var maximumBodySize: Int { 256 * 1024 }

    static var signatureHeader: HTTPField.Name { HTTPField.Name("X-Signature-Ed25519")! }
    static var timestampHeader: HTTPField.Name { HTTPField.Name("X-Signature-Timestamp")! }

    let verifier: DiscordRequestVerifier
    let client: DiscordClient
    let host: any PlatformHost
    let applicationID: String
    let answerBudget: Duration

    func register(on group: RouterGroup<Context>) {
        group.post("interactions", use: interaction)
    }

    @Sendable func interaction(_ request: Request, context: Context) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maximumBodySize)
        } catch {
            return refuse("body_too_large", status: .contentTooLarge, context: context)
        }
        do throws(SignedRequestFailure) {
            try verifier.verify(
                body: body.readableBytesView, timestamp: request.headers.soleValue(of: Self.timestampHeader),
                signature: request.headers.soleValue(of: Self.signatureHeader), now: host.clock.now)
        } catch {
            return refuse(error.rawValue, status: .unauthorized, context: context)
        }
        guard let reading = host.decoded(
            "interaction", platform: DiscordPlatform.name, logger: context.logger,
            try DiscordInteraction.reading(json: Data(body.readableBytesView)))
        else { return Response(status: .badRequest) }
        switch reading {
        case .ping:
            return Response.json(["type": .number(Double(DiscordInteraction.Answer.pong.rawValue))])
        case .command(let command, let token):
            client.remember(channel: command.channel.channelID)
            return await run(command, token: token, context: context)
        case .outsideAServer:
            return answer("Unhurried's commands work in a server's channels, where asks are posted.")
        case .press(let press):
            do {
                guard let reply = try await host.press(press, logger: context.logger).reply else {
                    return Response.json(["type": .number(Double(DiscordInteraction.Answer.deferredUpdate.rawValue))])
                }
                return Response.json(DiscordMessageRenderer.ephemeralAnswer(reply))
            } catch {
                context.logger.error("Button press could not be saved", metadata: ["error": "\(error)"])
                return answer("Sorry, that could not be saved just now. Please try again in a moment.")
            }
        case .other:
            context.logger.debug("Discord interaction is not one of Unhurried's commands or buttons; ignored")
            return answer("This is not one of Unhurried's commands or buttons.")
        }
    }

    /// Discord gives an interaction three seconds. A command that takes longer (a slow store) is acknowledged, with a
    /// private "thinking", and its answer edited in once it is ready; it is never run twice, or answered as failed.
    private func run(_ command: IncomingCommand, token: String, context: Context) async -> Response {
        let running = Task { await host.run(command, logger: context.logger) }
        if let reply = await withinTime(answerBudget, { await running.value }) {
            return Response.json(DiscordMessageRenderer.ephemeralAnswer(reply))
        }
        let (client, applicationID, logger) = (client, applicationID, context.logger)
        Task {
            let reply = await running.value
            do {
                try await client.editAnswer(applicationID: applicationID, token: token, with: reply)
            } catch {
                logger.error("A deferred answer to a Discord command could not be posted", metadata: ["error": "\(error)"])
            }
        }
        return Response.json([
            "type": .number(Double(DiscordInteraction.Answer.deferredChannelMessage.rawValue)),
            "data": ["flags": .number(Double(DiscordMessageRenderer.ephemeralFlag))],
        ])
    }

    private func answer(_ text: String) -> Response {
        Response.json(DiscordMessageRenderer.ephemeralAnswer(ChatMessage(fallbackText: text, blocks: [.section(.text(text))])))
    }

    /// Discord's own samples answer a bad signature with 401 and this text.
    private func refuse(_ reason: String, status: HTTPResponse.Status, context: Context) -> Response {
        host.countRefusal(platform: DiscordPlatform.name, reason: reason)
        context.logger.notice("Refused unverified Discord request", metadata: ["reason": "\(reason)"])
        guard status == .unauthorized else { return Response(status: status) }
        return Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(string: "invalid request signature")))
    }
}
