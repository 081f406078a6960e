import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnhurriedCore

/// A background worker beside the HTTP server: it does what is due, then sleeps until the next due instant, a
/// wake from a request, or the idle interval, whichever comes first; on graceful shutdown it finishes the pass in
/// hand (within a grace) and stops. The scheduler and the delivery worker are two of these; after a restart each resumes from the
/// store.
public struct DueWorkService: Service {
    /// Even with nothing due, look again this often: another process (`unhurried try`) may have queued work.
    public static let idleCheckInterval: Duration = .seconds(30)

    private let wakeSignal: WakeSignal
    private let clock: any WallClock
    private let logger: Logger
    private let failure: Logger.Message
    /// Does the due work and returns when more will be due, or nil when nothing is scheduled.
    private let pass: @Sendable () async throws -> Date?

    public init(
        wakeSignal: WakeSignal, clock: any WallClock, logger: Logger, failure: Logger.Message,
        pass: @escaping @Sendable () async throws -> Date?
    ) {
        self.wakeSignal = wakeSignal
        self.clock = clock
        self.logger = logger
        self.failure = failure
        self.pass = pass
    }

    /// Delivers due posts.
    public static func delivery(dispatcher: OutboxDispatcher, wakeSignal: WakeSignal, clock: any WallClock, logger: Logger) -> Self {
        DueWorkService(wakeSignal: wakeSignal, clock: clock, logger: logger, failure: "Outbox delivery failed; trying again shortly") {
            try await dispatcher.deliverDuePosts()
            return try await dispatcher.nextPendingAttempt()
        }
    }

    /// Queues due follow-ups, digests and standup posts and nudges the delivery worker.
    public static func followUps(
        scheduler: FollowUpScheduler, digests: DigestScheduler, standups: StandupScheduler, wakeSignal: WakeSignal, deliveryWake: WakeSignal,
        clock: any WallClock, logger: Logger
    ) -> Self {
        DueWorkService(wakeSignal: wakeSignal, clock: clock, logger: logger, failure: "Planning follow-ups failed; trying again shortly") {
            let now = clock.now
            let queued = try await scheduler.queueDueFollowUps(now: now)
            let digestsQueued = try await digests.queueDueDigests(now: now)
            let standupPass = try await standups.queueDue(now: now)
            if queued + digestsQueued + standupPass.queued > 0 {
                logger.info("Queued follow-ups", metadata: [
                    "posts": "\(queued)", "digests": "\(digestsQueued)", "standup_posts": "\(standupPass.queued)",
                ])
                deliveryWake.wake()
            }
            return [try await scheduler.nextFollowUpAt(), digests.nextDigestAt(after: now), standupPass.nextDueAt].compactMap { $0 }.min()
        }
    }

    /// Forgets handled inbound events past their retention, once an hour, so the log of events does not grow forever.
    public static func inboundEventPruning(eventLog: any InboundEventLog, clock: any WallClock, logger: Logger) -> Self {
        let nextPrune = Mutex(Date.distantPast)
        return DueWorkService(
            wakeSignal: WakeSignal(), clock: clock, logger: logger, failure: "Forgetting old handled events failed; trying again shortly"
        ) {
            let now = clock.now
            let due = nextPrune.withLock { $0 }
            guard now >= due else { return due }
            let forgotten = try await eventLog.forgetInboundEvents(recordedBefore: now.addingTimeInterval(-InboundEventRetention.interval))
            if forgotten > 0 {
                logger.info("Forgot handled events past their retention", metadata: [
                    "events": "\(forgotten)", "retention_days": "\(InboundEventRetention.days)",
                ])
            }
            let next = now.addingTimeInterval(3600)
            nextPrune.withLock { $0 = next }
            return next
        }
    }

    /// Whether a new item needs the scheduler woken: only when its first follow-up is sooner than the scheduler
    /// would look anyway. Asks arrive far more often than follow-ups fall due within seconds of them.
    static func mustWakeScheduler(for item: Item, now: Date) -> Bool {
        guard let first = item.assignments.compactMap(\.nextFollowUpAt).min() else { return false }
        return first.timeIntervalSince(now) < idleCheckInterval.timeInterval
    }

    /// How long the pass in hand may go on after a graceful shutdown begins. Past it the pass is cancelled: a post
    /// to a chat API that stopped answering would otherwise hold the shutdown for its whole timeout. A cancelled
    /// post keeps its in-flight mark, so the next start (or another replica) looks for it before posting again.
    static let shutdownGrace: Duration = .seconds(3)

    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await passes() }
            group.addTask {
                guard (try? await gracefulShutdown()) != nil else { return }
                wakeSignal.wake()
                try? await Task.sleep(for: Self.shutdownGrace)
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func passes() async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let wait: Duration
            do {
                let next = try await pass()
                let seconds = next.map { max(0, $0.timeIntervalSince(clock.now)) } ?? .infinity
                wait = seconds.isFinite ? min(.milliseconds(Int64(seconds * 1000)), Self.idleCheckInterval) : Self.idleCheckInterval
            } catch {
                guard !Task.isCancelled else { return }
                logger.error(failure, metadata: ["error": "\(error)"])
                wait = .seconds(5)
            }
            await wakeSignal.wait(timeout: wait)
        }
    }
}
