import Foundation
import Logging
import ServiceLifecycle
import UnhurriedCore

/// Runs beside the HTTP server: queues due follow-ups, nudges the delivery worker, then sleeps until the next
/// one is due or a request changed the schedule. After a restart it resumes from the store.
public struct FollowUpService: Service {
    private let scheduler: FollowUpScheduler
    private let wakeSignal: WakeSignal
    private let deliveryWake: WakeSignal
    private let clock: any WallClock
    private let logger: Logger
    /// Asks and answers change the schedule from other processes too (`unhurried try`); look this often anyway.
    private let idleCheckInterval: Duration

    public init(
        scheduler: FollowUpScheduler, wakeSignal: WakeSignal, deliveryWake: WakeSignal, clock: any WallClock, logger: Logger,
        idleCheckInterval: Duration = .seconds(30)
    ) {
        self.scheduler = scheduler
        self.wakeSignal = wakeSignal
        self.deliveryWake = deliveryWake
        self.clock = clock
        self.logger = logger
        self.idleCheckInterval = idleCheckInterval
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                let wait: Duration
                do {
                    let queued = try await scheduler.queueDueFollowUps(now: clock.now)
                    if queued > 0 {
                        logger.info("Queued follow-ups", metadata: ["posts": "\(queued)"])
                        deliveryWake.wake()
                    }
                    wait = try await delayUntilNextFollowUp()
                } catch {
                    logger.error("Planning follow-ups failed; trying again shortly", metadata: ["error": "\(error)"])
                    wait = .seconds(5)
                }
                await wakeSignal.wait(timeout: wait)
            }
        } onGracefulShutdown: {
            wakeSignal.wake()
        }
    }

    private func delayUntilNextFollowUp() async throws -> Duration {
        guard let next = try await scheduler.nextFollowUpAt() else { return idleCheckInterval }
        let seconds = max(0, next.timeIntervalSince(clock.now))
        return min(.milliseconds(Int64(seconds * 1000)), idleCheckInterval)
    }
}
