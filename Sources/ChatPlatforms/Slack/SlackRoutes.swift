import ChatPlatformKit
import Foundation
import Hummingbird
import Logging
import UnhurriedCore

/// `/slack/commands`, `/slack/interactions` and `/slack/events`, all behind signature verification.
struct SlackRoutes<Context: RequestContext> {
    let host: any PlatformHost
    /// Opens the modal a message shortcut asks for.
    let client: SlackWebAPIClient

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

    /// A click on an item's buttons or snooze menu, the "Track as ask" message shortcut, or its modal submitted.
    @Sendable func interaction(_ request: Request, context: Context) async throws -> Response {
        let body = try await bodyText(request, context: context)
        guard let payload = host.decoded(
            "interaction", platform: SlackPlatform.name, logger: context.logger, try SlackInteractionPayload(decodingFormBody: body))
        else { return Response(status: .ok) }
        switch payload {
        case .blockActions(let click):
            guard let clicked = host.decoded(
                "interaction", platform: SlackPlatform.name, logger: context.logger, try SlackInteraction(click))
            else { return Response(status: .ok) }
            return await press(clicked, context: context)
        case .messageAction(let shortcut):
            return await openTrackingModal(for: shortcut, context: context)
        case .viewSubmission(let submitted):
            guard let form = host.decoded(
                "view submission", platform: SlackPlatform.name, logger: context.logger, try SlackTrackingModal.submission(submitted))
            else { return Response(status: .ok) }
            guard let form else {
                context.logger.debug("Submitted view is not one of Unhurried's; ignored")
                return Response(status: .ok)
            }
            return await track(form, context: context)
        case .other:
            return Response(status: .ok)
        }
    }

    /// Slack wants an empty 200 within 3 s; the card is updated in place afterwards by the delivery worker.
    private func press(_ clicked: SlackInteraction?, context: Context) async -> Response {
        guard let interaction = clicked else {
            context.logger.debug("Interaction is not one of Unhurried's buttons; ignored")
            return Response(status: .ok)
        }
        do {
            if let answer = try await host.press(interaction.press, logger: context.logger).reply {
                try await host.answerPrivately(answer, to: interaction.press)
            }
            return Response(status: .ok)
        } catch {
            context.logger.error("Button press could not be saved", metadata: ["error": "\(error)"])
            return Response(status: .internalServerError)
        }
    }

    /// The modal is opened before the shortcut is answered: its trigger lasts three seconds, too short for the
    /// outbox. Slack shows nothing for a shortcut that fails, so a failure is only logged.
    private func openTrackingModal(for shortcut: SlackMessageShortcut, context: Context) async -> Response {
        guard shortcut.callbackID == SlackTrackingModal.callbackID else {
            context.logger.debug("Shortcut is not one of Unhurried's; ignored")
            return Response(status: .ok)
        }
        guard let teamID = shortcut.team?.id ?? shortcut.user.teamID else {
            host.reportUndecodable(.missingField("team.id"), platform: SlackPlatform.name, payload: "shortcut", logger: context.logger)
            return Response(status: .ok)
        }
        let channel = ChatChannel(platform: SlackPlatform.name, workspaceID: teamID, channelID: shortcut.channel.id)
        do {
            // Without the bot's id the modal still opens; the person removes the bot from the people by hand.
            let bot = try? await client.botUserID()
            let view = SlackTrackingModal.view(for: shortcut, choices: host.trackingChoices(in: channel), bot: bot)
            try await client.openView(view, triggerID: shortcut.triggerID)
        } catch {
            context.logger.error("Tracking modal could not be opened", metadata: ["error": "\(error)"])
        }
        return Response(status: .ok)
    }

    /// A refusal keeps the modal open with the reason under its field; an empty 200 closes it, and the card is
    /// posted in the message's thread by the delivery worker.
    private func track(_ form: TrackingForm.Submission, context: Context) async -> Response {
        do {
            switch try await host.track(form, logger: context.logger) {
            case .tracked:
                return Response(status: .ok)
            case .refused(let field, let reason):
                return Response.json(SlackTrackingModal.refusal(field, reason: reason))
            }
        } catch {
            context.logger.error("Tracked message could not be saved", metadata: ["error": "\(error)"])
            return Response.json(SlackTrackingModal.refusal(.request, reason: MessageComposer.temporaryFailure.fallbackText))
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
                // The event was forgotten again when handling failed, so the retry a 500 brings is handled.
                context.logger.error("Event could not be handled", metadata: ["error": "\(error)", "event": "\(eventID)"])
                return Response(status: .internalServerError)
            }
        case .profileChanged(let workspace, let profile):
            host.rememberProfileChange(profile, in: workspace)
            return Response(status: .ok)
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
