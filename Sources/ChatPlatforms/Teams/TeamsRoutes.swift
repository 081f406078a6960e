import ChatPlatformKit
import Foundation
import Hummingbird
import Logging
import UnhurriedCore

/// `/teams/messages`, the bot's messaging endpoint: every activity Teams sends, behind the Bot Framework's token.
struct TeamsRoutes<Context: RequestContext> {
    /// The Bot Framework refuses to send a request body over 256 KiB.
    static var maximumBodySize: Int { 256 * 1024 }

    let verifier: TeamsTokenVerifier
    let client: TeamsClient
    let host: any PlatformHost

    func register(on group: RouterGroup<Context>) {
        group.post(RouterPath(TeamsPlatform.messagesRoute), use: activity)
    }

    /// The token is checked before the body is read; the token does not sign the body, so once it is read its service
    /// URL and channel are checked against the token's. Teams waits 15 s for an answer and sends the activity again
    /// after that, which the event log makes harmless.
    @Sendable func activity(_ request: Request, context: Context) async throws -> Response {
        let token: TeamsChannelToken
        do {
            token = try await verifier.verify(authorization: request.headers[.authorization])
        } catch {
            return refuse(error, context: context)
        }
        var request = request
        let body = try await request.collectBody(upTo: Self.maximumBodySize)
        guard let activity = host.decoded("activity", platform: TeamsPlatform.name, logger: context.logger, try TeamsActivity(
            decoding: Data(body.readableBytesView), bot: client.botID, policy: host.policy))
        else { return Response(status: .badRequest) }
        do {
            try token.check(serviceURL: activity.payload.serviceUrl, channelID: activity.payload.channelId)
        } catch {
            return refuse(error, context: context)
        }
        do {
            // A zone the client reports for the first time, or a new one, counts at once, as a profile change does.
            if let zone = try await client.learn(from: activity) {
                try await host.rememberProfiles([zone], in: activity.channel.workspace)
                try await client.rememberZone(zone)
            }
        } catch {
            context.logger.error("What a Teams activity says of its conversation and sender could not be kept; Teams will send it again", metadata: [
                "error": "\(error)"])
            return Response(status: .internalServerError)
        }
        switch activity.reading {
        case .events(let events):
            for (event, eventID) in events {
                do {
                    try await host.handle(event, eventID: eventID, platform: TeamsPlatform.name, logger: context.logger)
                } catch {
                    context.logger.error("Teams activity could not be handled; Teams will send it again", metadata: [
                        "activity": "\(eventID)", "error": "\(error)"])
                    return Response(status: .internalServerError)
                }
            }
        case .press(let press, let answeredInline, let pressedMessage):
            return await answer(press, inline: answeredInline, on: pressedMessage, context: context)
        case .unhandledInvoke:
            return Response(status: .notImplemented)
        case .installation(let added):
            context.logger.info(added ? "Unhurried added in Teams" : "Unhurried removed in Teams", metadata: [
                "conversation": "\(activity.channel.channelID)", "type": "\(activity.reference.conversationType)"])
        case .ignored:
            break
        }
        return Response(status: .ok)
    }

    /// An `Action.Execute` press on the item's card is answered with the card as it now stands, which Teams shows in its
    /// place at once (the delivery worker updates it for everyone too). A press elsewhere — a reminder, a daily nudge
    /// listing several asks — leaves that message as it is and is answered with a line saying what was done; a press
    /// that changed nothing, or raised a question, with its answer. Teams shows either to the presser alone. An
    /// `Action.Submit` press has no such answer: the answer goes to the person's chat with the bot.
    private func answer(_ press: ItemButtonPress, inline: Bool, on pressedMessage: String?, context: Context) async -> Response {
        do {
            let answer = try await host.press(press, logger: context.logger)
            guard inline else {
                if let reply = answer.reply { try await host.answerPrivately(reply, to: press) }
                return Response(status: .ok)
            }
            if let reply = answer.reply { return Self.invokeAnswer(type: "application/vnd.microsoft.activity.message", .string(reply.fallbackText)) }
            if let pressedMessage, let current = try await host.card(of: press.itemID, in: press.workspace), current.messageRef == pressedMessage {
                return Self.invokeAnswer(type: TeamsMessageRenderer.cardContentType, await client.card(current.card))
            }
            return Self.invokeAnswer(type: "application/vnd.microsoft.activity.message", .string(answer.outcome.fallbackText))
        } catch {
            context.logger.error("Button press could not be saved", metadata: ["error": "\(error)"])
            return Self.invokeAnswer(
                type: "application/vnd.microsoft.error", ["code": "StoreUnavailable", "message": "That could not be saved just now. Please try again."],
                statusCode: 500)
        }
    }

    /// An invoke's answer: HTTP 200 whatever happened, the outcome in the body, as Universal Actions have it.
    private static func invokeAnswer(type: String, _ value: JSONValue, statusCode: Int = 200) -> Response {
        Response.json(["statusCode": .number(Double(statusCode)), "type": .string(type), "value": value])
    }

    private func refuse(_ failure: TeamsVerificationFailure, context: Context) -> Response {
        host.countRefusal(platform: TeamsPlatform.name, reason: failure.rawValue)
        context.logger.notice("Refused unverified Teams request", metadata: ["reason": "\(failure.rawValue)"])
        return Response(status: .unauthorized)
    }
}
