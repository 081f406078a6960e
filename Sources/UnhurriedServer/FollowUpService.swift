import Foundation
import Logging
import ServiceLifecycle
import UnhurriedCore

/// Runs beside the HTTP server: queues due follow-ups and digests, nudges the delivery worker, then sleeps until
/// the next one is due or a request changed the schedule. After a restart it resumes from the store.
public struct FollowUpService: Service {
    private let scheduler: FollowUpScheduler
    private let digests: DigestScheduler
    private let wakeSignal: WakeSignal
    private let deliveryWake: WakeSignal
    private let clock: any WallClock
    private let logger: Logger
    /// Asks and answers change the schedule from other processes too (`unhurried try`); look this often anyway.
    private let idleCheckInterval: Duration

    /// The service looks at the store at least this often, whatever it last found.
    public static let defaultIdleCheckInterval: Duration = .seconds(30)

    /// Whether a new item needs the service woken: only when its first follow-up is sooner than the service
    /// would look anyway. Asks arrive far more often than follow-ups fall due within seconds of them.
    static func mustWake(for item: Item, now: Date) -> Bool {
        guard let first = item.assignments.compactMap(\.nextFollowUpAt).min() else { return false }
        return first.timeIntervalSince(now) < defaultIdleCheckInterval.timeInterval
    }

    public init(
        scheduler: FollowUpScheduler, digests: DigestScheduler, wakeSignal: WakeSignal, deliveryWake: WakeSignal, clock: any WallClock,
        logger: Logger, idleCheckInterval: Duration = Self.defaultIdleCheckInterval
    ) {
        self.scheduler = scheduler
        self.digests = digests
        self.wakeSignal = wakeSignal
        self.deliveryWake = deliveryWake
        self.clock = clock
        self.logger = logger
        self.idleCheckInterval = idleCheckInterval
    }

    public func run() async throws {
        await DueWorkLoop.run(
            wakeSignal: wakeSignal, clock: clock, idleCheckInterval: idleCheckInterval, logger: logger,
            failure: "Planning follow-ups failed; trying again shortly"
        ) { [scheduler, digests, clock, logger, deliveryWake] in
            let now = clock.now
            let queued = try await scheduler.queueDueFollowUps(now: now)
            let digestsQueued = try await digests.queueDueDigests(now: now)
            if queued + digestsQueued > 0 {
                logger.info("Queued follow-ups", metadata: ["posts": "\(queued)", "digests": "\(digestsQueued)"])
                deliveryWake.wake()
            }
            return [try await scheduler.nextFollowUpAt(), digests.nextDigestAt(after: now)].compactMap { $0 }.min()
        }
    }
}
