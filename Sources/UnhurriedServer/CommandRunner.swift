import Logging
import UnhurriedCore

/// What every platform's command route does once the adapter has decoded a command: carry it out, count
/// it, and nudge the delivery worker when it queued posts. Never throws: a failure becomes a private reply.
public struct CommandRunner: Sendable {
    let handler: CommandHandler
    let clock: any WallClock
    let metrics: ServerMetrics
    let deliveryWake: WakeSignal
    let schedulerWake: WakeSignal
    let zoneCorrections: ZoneCorrections

    func run(_ command: IncomingCommand, logger: Logger) async -> ChatMessage {
        do {
            let outcome = try await handler.handle(command, now: clock.now)
            if let item = outcome.createdItem { itemCreated(item, logger: logger) }
            if outcome.movedDeadlines {
                // Card updates and notices are queued, and a moved follow-up may now be due sooner than the scheduler looks.
                deliveryWake.wake()
                schedulerWake.wake()
            } else if outcome.changedItem {
                // Its card shows the change once the delivery worker looks, which on its own could be half a minute away.
                deliveryWake.wake()
            }
            return outcome.reply
        } catch {
            // Nothing was stored: say so, so the person can try again instead of trusting a lost ask.
            logger.error("Command failed", metadata: ["error": "\(error)", "command": "\(command.commandName)"])
            return MessageComposer.temporaryFailure
        }
    }

    /// A tracking form, submitted: unlike a command's, its failure is the caller's to answer, as the form stays open.
    func track(_ form: TrackingForm.Submission, logger: Logger) async throws -> TrackingForm.Answer {
        let answer = try await handler.track(form, now: clock.now)
        if case .tracked(let outcome) = answer, let item = outcome.createdItem { itemCreated(item, logger: logger) }
        return answer
    }

    /// A command recorded an item, however it was given: count it and have its card posted (and, when its first
    /// follow-up is near, the scheduler look).
    func itemCreated(_ item: Item, logger: Logger) {
        metrics.itemCreated(platform: item.channel.platform, kind: item.kind.rawValue)
        logger.info("Recorded item", metadata: ["item": "\(item.id)", "assignees": "\(item.assignments.count)"])
        deliveryWake.wake()
        if DueWorkService.mustWakeScheduler(for: item, now: clock.now) { schedulerWake.wake() }
        zoneCorrections.follow(item)
    }

}
