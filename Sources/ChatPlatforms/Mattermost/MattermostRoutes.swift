import ChatPlatformKit
import Foundation
import Hummingbird
import Logging
import UnhurriedCore

/// `/mattermost/commands` (verified by the command's token) and `/mattermost/actions` (verified by the signature each
/// button carries).
struct MattermostRoutes<Context: RequestContext> {
    /// Mattermost's requests are a few KiB.
    static var maximumBodySize: Int { 64 * 1024 }

    let settings: MattermostSettings
    let client: MattermostClient
    let host: any PlatformHost

    func register(on group: RouterGroup<Context>) {
        group.post("commands", use: command)
        group.post("actions", use: action)
    }

    /// Mattermost sends the command's token as `Authorization: Token …` and as the form's `token`; either must be
    /// one of the team's, and the team must be the one the command came from.
    @Sendable func command(_ request: Request, context: Context) async throws -> Response {
        let body = try await bodyText(request, context: context)
        let header = request.headers[.authorization].flatMap { $0.hasPrefix("Token ") ? String($0.dropFirst("Token ".count)) : nil }
        guard let presented = header ?? FormBody.fields(of: body)["token"], let team = settings.team(withCommandToken: presented) else {
            return refuse("wrong_token", context: context)
        }
        guard let slashCommand = host.decoded(
            "command", platform: MattermostPlatform.name, logger: context.logger, try MattermostSlashCommand(decodingFormBody: body))
        else { return Response(status: .badRequest) }
        guard slashCommand.teamID == team else { return refuse("token_of_another_team", context: context) }
        let reply = await host.run(slashCommand.incomingCommand, logger: context.logger)
        let names = slashCommand.knownNames.merging(await client.usernames(in: reply)) { known, _ in known }
        return Response.json(client.renderer.ephemeralResponse(reply, names: names))
    }

    /// A click on an item's buttons or snooze menu. The card is updated in place afterwards by the delivery worker.
    @Sendable func action(_ request: Request, context: Context) async throws -> Response {
        let body = try await bodyText(request, context: context)
        let reading = host.decoded(
            "action", platform: MattermostPlatform.name, logger: context.logger,
            try MattermostAction.reading(json: Data(body.utf8), signer: settings.signer))
        switch reading ?? .notAnAction {
        case .unverified:
            return refuse("bad_action_signature", context: context)
        case .notAnAction:
            context.logger.debug("Mattermost action is not one of Unhurried's buttons; ignored")
            return Response.json([:])
        case .press(let press):
            do {
                // Mattermost shows an action's `ephemeral_text` to the person who clicked: no call (and no permission
                // to post ephemeral messages) needed.
                guard let answer = try await host.press(press, logger: context.logger).reply else { return Response.json([:]) }
                let text = client.renderer.markdown(answer, names: await client.usernames(in: answer), withButtons: false)
                return Response.json(["ephemeral_text": .string(text)])
            } catch {
                context.logger.error("Button press could not be saved", metadata: ["error": "\(error)"])
                return Response.json(["ephemeral_text": "Sorry, that could not be saved just now. Please try again in a moment."])
            }
        }
    }

    private func refuse(_ reason: String, context: Context) -> Response {
        host.countRefusal(platform: MattermostPlatform.name, reason: reason)
        context.logger.notice("Refused unverified Mattermost request", metadata: ["reason": "\(reason)"])
        return Response(status: .unauthorized)
    }

    private func bodyText(_ request: Request, context: Context) async throws -> String {
        var request = request
        return String(buffer: try await request.collectBody(upTo: Self.maximumBodySize))
    }
}
