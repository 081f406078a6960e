import ChatPlatformKit
import Logging
import UnhurriedCore

/// What every platform's button and event routes do once the adapter has decoded them: carry out the
/// response, record that an event was handled, and nudge the delivery worker to update the item's card.
public struct ResponseRunner: Sendable {
    let responses: ItemResponses
    let events: ChatEventHandler
    let eventLog: any InboundEventLog
    let notices: any OutboxStore
    let clock: any WallClock
    let deliveryWake: WakeSignal
    /// For asks made by mentioning the bot, which are counted and posted like any command's.
    let commands: CommandRunner

    /// Carries out a press. Its effect shows on the item's card, updated in place; a press that changed nothing (not
    /// theirs, already done), raised a question or asked for more, returns the private answer saying why or what next,
    /// for the platform to show. Throws when the store failed.
    func press(_ press: ItemButtonPress, logger: Logger) async throws -> PressAnswer {
        let (outcome, change) = try await responses.respond(to: press, now: clock.now)
        let answer = MessageComposer.response(outcome, to: change, by: press.user)
        logger.info("Button pressed", metadata: [
            "item": "\(press.itemID)", "action": "\(press.action.rawValue)", "outcome": "\(answer.fallbackText)",
        ])
        guard case .changed = outcome else { return PressAnswer(reply: answer, outcome: answer) }
        deliveryWake.wake()
        // Whoever raises a question or asks for more is told where to say what; other changes show on the card alone.
        return PressAnswer(reply: [.raiseQuestion, .requestInfo].contains(press.action) ? answer : nil, outcome: answer)
    }

    /// Queues a private answer to a press, for platforms that show it with a call of their own (Slack's ephemeral
    /// messages); keyed by the press, so it is shown once.
    func answerPrivately(_ answer: ChatMessage, to press: ItemButtonPress) async throws {
        guard let channel = press.channel, let pressRef = press.pressRef else { return }
        try await notices.queue([QueuedPost(
            idempotencyKey: .pressAnswer(in: channel, press: pressRef), channel: channel, kind: .notice,
            itemID: nil, body: answer, privateTo: press.user, dueAt: clock.now)])
        deliveryWake.wake()
    }

    /// Handles an event once however often the platform delivers it. Throws when it could not be handled, so
    /// the platform's retry gets another chance.
    func handle(_ event: ChatEvent?, eventID: String, platform: String, logger: Logger) async throws {
        guard let event, try await events.concernsAnItem(event) else { return }
        guard try await eventLog.recordInboundEvent(eventID, platform: platform, at: clock.now) else {
            logger.debug("Duplicate event ignored", metadata: ["event": "\(eventID)"])
            return
        }
        do {
            switch try await events.handle(event, now: clock.now) {
            case .itemChanged(let item):
                logger.info("Event changed an item", metadata: ["event": "\(eventID)", "item": "\(item.id)"])
                deliveryWake.wake()
            case .commandRan(let outcome):
                logger.info("Message to the bot answered", metadata: ["event": "\(eventID)"])
                if let item = outcome.createdItem { commands.itemCreated(item, logger: logger) }
                deliveryWake.wake()
            case .welcomeQueued:
                logger.info("Newcomer's welcome queued", metadata: ["event": "\(eventID)"])
                deliveryWake.wake()
            case .nothing:
                break
            }
        } catch ChatEventError.answerNotQueued(let outcome, let underlying) {
            logger.error("Command given by mention ran, but its answer could not be queued", metadata: [
                "event": "\(eventID)", "item": "\(outcome.createdItem?.id.description ?? "-")", "error": "\(underlying)",
            ])
            deliveryWake.wake()
        } catch {
            try? await eventLog.forgetInboundEvent(eventID, platform: platform)
            throw error
        }
    }
}
