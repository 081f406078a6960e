import Foundation
import Logging
import ServiceLifecycle
import UnhurriedCore

/// Runs beside the HTTP server: delivers due posts, then sleeps until the next one is due or a request
/// queues a new one. On graceful shutdown it finishes the post in hand and stops.
public struct OutboxDeliveryService: Service {
    private let dispatcher: OutboxDispatcher
    private let wakeSignal: WakeSignal
    private let clock: any WallClock
    private let logger: Logger
    /// Even with nothing pending, look again this often: another process (`unhurried try`) may have queued posts.
    private let idleCheckInterval: Duration

    public init(
        dispatcher: OutboxDispatcher, wakeSignal: WakeSignal, clock: any WallClock, logger: Logger,
        idleCheckInterval: Duration = .seconds(30)
    ) {
        self.dispatcher = dispatcher
        self.wakeSignal = wakeSignal
        self.clock = clock
        self.logger = logger
        self.idleCheckInterval = idleCheckInterval
    }

    public func run() async throws {
        await DueWorkLoop.run(
            wakeSignal: wakeSignal, clock: clock, idleCheckInterval: idleCheckInterval, logger: logger,
            failure: "Outbox delivery failed; trying again shortly"
        ) { [dispatcher] in
            try await dispatcher.deliverDuePosts()
            return try await dispatcher.nextPendingAttempt()
        }
    }
}
