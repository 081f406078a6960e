import Logging
import ServiceLifecycle
import UnhurriedCore

/// Asks that could not wait for someone's profile counted their deadline in the team's zone; this waits for the
/// directory's answer after the ask was answered and plans those deadlines again in the person's own zone (the card is
/// updated, the asker told if it moved). A bounded queue worked by a service on the replica that took the ask, which
/// holds the question; a correction that does not fit, or whose answer never comes, is left to the directory sync
/// and profile events, which plan every assignment still marked when they bring the person's zone.
final class ZoneCorrections: Service, Sendable {
    private struct Awaited: Sendable {
        var users: Set<ChatUserID>
        var workspace: WorkspaceRef
    }

    private let queue: AsyncStream<Awaited>
    private let continuation: AsyncStream<Awaited>.Continuation
    private let handler: CommandHandler
    private let clock: any WallClock
    private let deliveryWake: WakeSignal
    private let schedulerWake: WakeSignal
    private let logger: Logger
    /// Corrections waiting on the directory at once; each waits at most the directory's own timeout.
    static let mostAtOnce = 16

    init(handler: CommandHandler, clock: any WallClock, deliveryWake: WakeSignal, schedulerWake: WakeSignal, logger: Logger, capacity: Int = 10_000) {
        (queue, continuation) = AsyncStream.makeStream(of: Awaited.self, bufferingPolicy: .bufferingOldest(capacity))
        self.handler = handler
        self.clock = clock
        self.deliveryWake = deliveryWake
        self.schedulerWake = schedulerWake
        self.logger = logger
    }

    /// Plans `item`'s deadlines again once the profiles it could not wait for have answered.
    func follow(_ item: Item) {
        let awaited = Set(item.assignments.filter(\.plannedInTeamZone).map(\.assignee))
        guard !awaited.isEmpty else { return }
        if case .dropped = continuation.yield(Awaited(users: awaited, workspace: item.channel.workspace)) {
            logger.notice("Zone correction left to the directory sync: too many waiting", metadata: ["item": "\(item.id)"])
        }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                var running = 0
                for await awaited in self.queue {
                    if running == Self.mostAtOnce {
                        _ = await group.next()
                        running -= 1
                    }
                    group.addTask { await self.correct(awaited) }
                    running += 1
                }
            }
        }
    }

    private func correct(_ awaited: Awaited) async {
        let profiles = await handler.awaitedProfiles(of: awaited.users, in: awaited.workspace, now: clock.now)
        guard !profiles.isEmpty else { return }
        do {
            try await remember(profiles, in: awaited.workspace)
        } catch {
            logger.error("Deadlines could not be planned in their assignees' zones", metadata: ["error": "\(error)"])
        }
    }

    /// Remembers profiles and plans marked deadlines again; wakes the workers, as card updates (and, for moved
    /// deadlines, notices and follow-ups) may be queued.
    func remember(_ profiles: [ProfileZone], in workspace: WorkspaceRef) async throws {
        let moved = try await handler.rememberProfiles(profiles, in: workspace, now: clock.now)
        deliveryWake.wake()
        if !moved.isEmpty {
            schedulerWake.wake()
            logger.info("Deadlines planned in their assignees' zones", metadata: ["moved": "\(moved.count)"])
        }
    }
}
