import ChatPlatformKit
import Foundation
import Hummingbird
import Logging
import UnhurriedCore

/// The application-service API the homeserver calls (`/_matrix/app/v1/…`), behind the homeserver's token.
struct MatrixRoutes<Context: RequestContext> {
    /// Synapse sends up to 100 events of up to 64 KiB each. A transaction refused for its size would be sent again
    /// forever and hold up every later one, so the limit is well above that.
    static var maximumBodySize: Int { 16 * 1024 * 1024 }

    let settings: MatrixSettings
    let client: MatrixClient
    let host: any PlatformHost

    func register(on group: RouterGroup<Context>) {
        group.put("transactions/{txnId}", use: transaction)
        group.post("ping") { _, _ in MatrixResponse.ok() }
        // Unhurried makes no users or rooms on demand: the homeserver is told they do not exist.
        group.get("users/{userId}") { _, _ in MatrixResponse.error(.notFound, "M_NOT_FOUND", "No such user.") }
        group.get("rooms/{alias}") { _, _ in MatrixResponse.error(.notFound, "M_NOT_FOUND", "No such room alias.") }
    }

    /// Handles every event of a transaction before answering. Events are deduplicated by their ids, so a transaction
    /// the homeserver sends again (after a lost answer, or after a 500 here) has no second effect.
    @Sendable func transaction(_ request: Request, context: Context) async throws -> Response {
        var request = request
        let transactionID = context.parameters.get("txnId") ?? "?"
        let body = try await request.collectBody(upTo: Self.maximumBodySize)
        guard let transaction = host.decoded("transaction", platform: MatrixPlatform.name, logger: context.logger, try MatrixTransaction(
            decoding: Data(body.readableBytesView), bot: settings.bot, workspaceID: settings.serverName, commandPrefix: settings.commandPrefix,
            allowedServers: settings.allowedServers))
        else {
            return MatrixResponse.error(.badRequest, "M_NOT_JSON", "A transaction is a JSON object with an events array.")
        }
        for failure in transaction.unreadableEvents {
            host.reportUndecodable(failure, platform: MatrixPlatform.name, payload: "event", logger: context.logger)
        }
        for entry in transaction.entries {
            switch entry {
            case .invite(let roomID):
                do {
                    try await client.join(roomID)
                    context.logger.info("Joined Matrix room on invitation", metadata: ["room": "\(roomID)"])
                } catch {
                    // Failing the transaction would hold up every later one; the inviter can invite again.
                    context.logger.warning("Could not join Matrix room", metadata: ["room": "\(roomID)", "error": "\(error)"])
                }
            case .event(let eventID, let event):
                do {
                    let addressed = await client.addressingDirectRoom(event)
                    try await host.handle(addressed, eventID: eventID, platform: MatrixPlatform.name, logger: context.logger)
                } catch {
                    context.logger.error("Matrix event could not be handled; the homeserver will send the transaction again", metadata: [
                        "transaction": "\(transactionID)", "event": "\(eventID)", "error": "\(error)",
                    ])
                    return MatrixResponse.error(.internalServerError, "M_UNKNOWN", "The event could not be stored; send the transaction again.")
                }
            }
        }
        return MatrixResponse.ok()
    }
}
