import Foundation
import Logging
import ServiceLifecycle
import UnhurriedCore

/// The loop of both background workers: do what is due, then sleep until the next due instant, a wake from a
/// request, or the idle interval, whichever comes first; on graceful shutdown, finish the pass in hand and stop.
enum DueWorkLoop {
    /// `pass` does the due work and returns when more will be due, or nil when nothing is scheduled. A failed
    /// pass is logged with `failure` and tried again shortly.
    static func run(
        wakeSignal: WakeSignal, clock: any WallClock, idleCheckInterval: Duration, logger: Logger, failure: Logger.Message,
        pass: @escaping @Sendable () async throws -> Date?
    ) async {
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                let wait: Duration
                do {
                    let next = try await pass()
                    let seconds = next.map { max(0, $0.timeIntervalSince(clock.now)) } ?? .infinity
                    wait = seconds.isFinite ? min(.milliseconds(Int64(seconds * 1000)), idleCheckInterval) : idleCheckInterval
                } catch {
                    logger.error(failure, metadata: ["error": "\(error)"])
                    wait = .seconds(5)
                }
                await wakeSignal.wait(timeout: wait)
            }
        } onGracefulShutdown: {
            wakeSignal.wake()
        }
    }
}
