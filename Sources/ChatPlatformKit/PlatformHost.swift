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
    /// nothing, or raised a question, has a private answer for the platform to show. Throws when the store failed.
    func press(_ press: ItemButtonPress, logger: Logger) async throws -> PressAnswer

    /// Queues a private answer to a press, for platforms that show it with a call of their own (Slack's ephemeral
    /// messages).
    func answerPrivately(_ answer: ChatMessage, to press: ItemButtonPress) async throws

    /// Handles an event once however often the platform delivers it. Throws when it could not be handled, so the
    /// platform's retry gets another chance.
    func handle(_ event: ChatEvent?, eventID: String, platform: String, logger: Logger) async throws

    /// What a form for tracking a message in `channel` offers: its tiers and how many people an ask may name.
    func trackingChoices(in channel: ChatChannel) -> TrackingForm.Choices

    /// Makes a submitted tracking form an ask, or names the field that stops it. Throws when the store failed.
    func track(_ form: TrackingForm.Submission, logger: Logger) async throws -> TrackingForm.Answer

    /// The policy in force, for what an adapter reads in it (which Teams reaction finishes a part).
    var policy: ResponsePolicy { get }

    /// An item's card as it stands, as the delivery worker posts it, and the platform's id of the card once posted; nil
    /// when there is no such item. For a platform that shows whoever pressed a button on the card the changed card at
    /// once (Teams' answer to a card action).
    func card(of item: ItemID, in workspace: WorkspaceRef) async throws -> (card: ChatMessage, messageRef: String?)?

    /// Remembers what people's profiles say about their zones (a page of the directory sync, a profile event), and plans
    /// again the deadlines that were counted in the team's zone while theirs was unknown. Throws when the store failed.
    func rememberProfiles(_ profiles: [ProfileZone], in workspace: WorkspaceRef) async throws

    /// Remembers, soon and off the request, a profile the platform says has changed (`rememberProfiles`' work): the
    /// platform gets its answer at once. A change that cannot be kept is brought again by the directory sync.
    func rememberProfileChange(_ profile: ProfileZone, in workspace: WorkspaceRef)

    /// Counts a request refused by the platform's verification, by reason.
    func countRefusal(platform: String, reason: String)

    /// Counts a payload that did not have the shape its platform documents, by reason.
    func countUndecodable(platform: String, reason: String)
}

extension PlatformHost {
    /// What `read` made of a payload, or nil when it could not be read: then why has been logged and counted.
    package func decoded<Payload>(
        _ payload: String, platform: String, logger: Logger, _ read: @autoclosure () throws(UndecodablePayload) -> Payload
    ) -> Payload? {
        do {
            return try read()
        } catch {
            reportUndecodable(error, platform: platform, payload: payload, logger: logger)
            return nil
        }
    }

    /// Logs why a payload could not be read, and counts it. The body stays out of the log: it may hold people's words.
    /// The caller answers as it did before payloads were counted, which is as it answers one it does not act on.
    package func reportUndecodable(_ failure: UndecodablePayload, platform: String, payload: String, logger: Logger) {
        countUndecodable(platform: platform, reason: failure.reason)
        logger.notice("Inbound payload could not be read", metadata: [
            "platform": "\(platform)", "payload": "\(payload)", "reason": "\(failure.reason)",
        ])
    }
}
