import Foundation

/// Posts messages to one chat platform. Each adapter implements it; tests and `unhurried try` use fakes.
public protocol ChatTransport: Sendable {
    /// Posts `message` into `channel` — as a reply under the message `threadRef` when given — and returns the
    /// platform's id of the new message. `idempotencyKey` is attached where the platform can carry it, so a
    /// post can be recognised later.
    func post(
        _ message: ChatMessage, to channel: ChatChannel, inThreadOf threadRef: String?, idempotencyKey: String
    ) async throws(DeliveryFailure) -> String

    /// Shows `message` to `user` alone in `channel` (Slack: an ephemeral message), for private answers. Such
    /// messages are not kept in the channel's history, so they cannot be looked for after a crash.
    func postPrivately(
        _ message: ChatMessage, to user: ChatUserID, in channel: ChatChannel, inThreadOf threadRef: String?
    ) async throws(DeliveryFailure) -> String

    /// Looks for a post made with `idempotencyKey` since `since`: the id of the message if the platform has it,
    /// nil if it does not. Used when an attempt's outcome was never recorded, so a crash does not post twice.
    func findPost(
        idempotencyKey: String, in channel: ChatChannel, inThreadOf threadRef: String?, since: Date
    ) async throws(DeliveryFailure) -> String?

    /// Replaces the content of a message the bot posted earlier.
    func update(_ messageRef: String, in channel: ChatChannel, with message: ChatMessage) async throws(DeliveryFailure)
}

/// Why a post did not go through, classified by what the outbox should do next.
public enum DeliveryFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The platform asked to slow down; try again after `retryAfterSeconds` when it said how long.
    case rateLimited(retryAfterSeconds: Int?)
    /// Worth retrying: network errors, timeouts, 5xx answers.
    case temporary(String)
    /// Worth retrying, and certainly not delivered: the platform could not be reached at all (connection refused).
    case unreachable(String)
    /// Retrying the same request cannot succeed: unknown channel, revoked token, malformed message.
    case permanent(String)

    /// Whether the platform may have taken the post despite the failure (a timeout, a 5xx), so the next attempt
    /// looks for it before posting again.
    public var mayHaveBeenDelivered: Bool {
        if case .temporary = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .rateLimited(let seconds): "rate limited" + (seconds.map { " (retry after \($0) s)" } ?? "")
        case .temporary(let reason), .unreachable(let reason): reason
        case .permanent(let reason): reason
        }
    }
}
