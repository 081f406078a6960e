import ChatPlatforms
import Foundation
import Hummingbird
import Logging
import UnhurriedCore

/// `/slack/commands`, `/slack/interactions` and `/slack/events`, all behind signature verification.
struct SlackRoutes<Context: RequestContext> {
    let commands: CommandRunner

    func register(on group: RouterGroup<Context>) {
        group.post("commands", use: command)
        group.post("interactions", use: interaction)
        group.post("events", use: event)
    }

    @Sendable func command(_ request: Request, context: Context) async throws -> Response {
        let body = try await bodyText(request, context: context)
        guard let slashCommand = SlackSlashCommand(formBody: body) else {
            return Response(status: .badRequest)
        }
        let reply = await commands.run(slashCommand.incomingCommand, logger: context.logger)
        return Self.json(SlackMessageRenderer.ephemeralResponse(reply))
    }

    /// Button clicks are verified and acknowledged; acting on them comes with the scheduler.
    @Sendable func interaction(_ request: Request, context: Context) async throws -> Response {
        Response(status: .ok)
    }

    @Sendable func event(_ request: Request, context: Context) async throws -> Response {
        let body = try await bodyText(request, context: context)
        guard let envelope = SlackEventEnvelope(json: Data(body.utf8)) else { return Response(status: .badRequest) }
        switch envelope {
        case .urlVerification(let challenge):
            return Response(
                status: .ok, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: challenge)))
        case .other:
            return Response(status: .ok)
        }
    }

    private func bodyText(_ request: Request, context: Context) async throws -> String {
        var request = request
        let buffer = try await request.collectBody(upTo: SlackVerificationMiddleware<Context>.maximumBodySize)
        return String(buffer: buffer)
    }

    static func json(_ value: JSONValue) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.encoded())))
    }
}
