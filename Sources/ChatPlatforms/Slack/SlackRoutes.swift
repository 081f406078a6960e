import ChatPlatformKit
import Foundation
import Hummingbird
import Logging
import UnhurriedCore

/// `/slack/commands`, `/slack/interactions` and `/slack/events`, all behind signature verification.
struct SlackRoutes<Context: RequestContext> {
    let host: any PlatformHost

    func register(on group: RouterGroup<Context>) {
        group.post("commands", use: command)
        group.post("interactions", use: interaction)
        group.post("events", use: event)
    }

    @Sendable func command(_ request: Request, context: Context) async throws -> Response {
        let body = try await bodyText(request, context: context)
        guard let slashCommand = host.decoded(
            "command", platform: SlackPlatform.name, logger: context.logger, try SlackSlashCommand(decodingFormBody: body))
        else { return Response(status: .badRequest) }
        let reply = await host.run(slashCommand.incomingCommand, logger: context.logger)
        return Response.json(SlackMessageRenderer.ephemeralResponse(reply))
    }

    /// A click on an item's buttons or snooze menu. Slack wants an empty 200 within 3 s; the card is updated
    /// in place afterwards by the delivery worker.
    @Sendable func interaction(_ request: Request, context: Context) async throws -> Response {
        let body = try await bodyText(request, context: context)
        guard let clicked = host.decoded(
            "interaction", platform: SlackPlatform.name, logger: context.logger, try SlackInteraction(decodingFormBody: body))
        else { return Response(status: .ok) }
        guard let interaction = clicked else {
            context.logger.debug("Interaction is not one of Unhurried's buttons; ignored")
            return Response(status: .ok)
        }
        do {
            if let answer = try await host.press(interaction.press, logger: context.logger) {
                try await host.answerPrivately(answer, to: interaction.press)
            }
            return Response(status: .ok)
        } catch {
            context.logger.error("Button press could not be saved", metadata: ["error": "\(error)"])
            return Response(status: .internalServerError)
        }
    }

    @Sendable func event(_ request: Request, context: Context) async throws -> Response {
        let body = try await bodyText(request, context: context)
        guard let envelope = host.decoded(
            "event", platform: SlackPlatform.name, logger: context.logger, try SlackEventEnvelope(decoding: Data(body.utf8)))
        else { return Response(status: .badRequest) }
        switch envelope {
        case .urlVerification(let challenge):
            return Response(
                status: .ok, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: challenge)))
        case .callback(let eventID, let chatEvent):
            do {
                try await host.handle(chatEvent, eventID: eventID, platform: SlackPlatform.name, logger: context.logger)
                return Response(status: .ok)
            } catch {
                // A 500 makes Slack retry, and the event was forgotten so the retry is handled.
                context.logger.error("Event could not be handled", metadata: ["error": "\(error)", "event": "\(eventID)"])
                return Response(status: .internalServerError)
            }
        case .other:
            return Response(status: .ok)
        }
    }

    private func bodyText(_ request: Request, context: Context) async throws -> String {
        var request = request
        let buffer = try await request.collectBody(upTo: SlackVerificationMiddleware<Context>.maximumBodySize)
        return String(buffer: buffer)
    }
}
