import Logging
import UnhurriedCore

/// The server as a platform's routes and listeners see it: once an adapter has verified and decoded what arrived,
/// it hands it here and renders what comes back.
public protocol PlatformHost: Sendable {
    /// What verification windows are measured against.
    var clock: any WallClock { get }

    /// Carries out a command and returns the private answer. Never throws: a failure becomes an apology to show.
    func run(_ command: IncomingCommand, logger: Logger) async -> ChatMessage

    /// Carries out a button press. Its effect shows on the item's card, updated in place; a press that changed
    /// nothing, or raised a question, returns the private answer for the platform to show. Throws when the store
    /// failed.
    func press(_ press: ItemButtonPress, logger: Logger) async throws -> ChatMessage?

    /// Queues a private answer to a press, for platforms that show it with a call of their own (Slack's ephemeral
    /// messages).
    func answerPrivately(_ answer: ChatMessage, to press: ItemButtonPress) async throws

    /// Handles an event once however often the platform delivers it. Throws when it could not be handled, so the
    /// platform's retry gets another chance.
    func handle(_ event: ChatEvent?, eventID: String, platform: String, logger: Logger) async throws

    /// Counts a request refused by the platform's verification, by reason.
    func countRefusal(platform: String, reason: String)
}
