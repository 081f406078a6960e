import Logging
import ServiceLifecycle
import UnhurriedCore

/// Asks that could not wait for someone's profile counted their deadline in the team's zone; this waits for the
/// directory's answer after the ask was answered and plans those deadlines again in the person's own zone (the card is
/// updated, the asker told if it moved). Profile changes the platforms report (Slack's `user_change`, Mattermost's
/// `user_updated`) are remembered here too, after the platform has had its answer. A bounded queue worked by a service
/// on the replica that took the ask or the event; a correction or change that does not fit, or whose answer never
/// comes, is left to the directory sync, which plans every assignment still marked when it brings the person's zone.
final class ZoneCorrections: Service, Sendable {
    private enum Work: Sendable {
        /// Profiles an ask could not wait for.
        case awaited(Set<ChatUserID>, in: WorkspaceRef)
        /// A profile the platform said has changed.
        case changed(ProfileZone, in: WorkspaceRef)
    }

    private let queue: AsyncStream<Work>
    private let continuation: AsyncStream<Work>.Continuation
    private let handler: CommandHandler
    private let clock: any WallClock
    private let deliveryWake: WakeSignal
    private let schedulerWake: WakeSignal
    private let logger: Logger
    /// Corrections waiting on the directory at once; each waits at most the directory's own timeout.
    static let mostAtOnce = 16

    init(handler: CommandHandler, clock: any WallClock, deliveryWake: WakeSignal, schedulerWake: WakeSignal, logger: Logger, capacity: Int = 10_000) {
        (queue, continuation) = AsyncStream.makeStream(of: Work.self, bufferingPolicy: .bufferingOldest(capacity))
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
        if case .dropped = continuation.yield(.awaited(awaited, in: item.channel.workspace)) {
            logger.notice("Zone correction left to the directory sync: too many waiting", metadata: ["item": "\(item.id)"])
        }
    }

    /// Remembers a changed profile soon, off the request that reported it: platforms expect a quick answer, and a change
    /// lost to a restart or a full queue comes again with the directory sync's next pass.
    func rememberSoon(_ profile: ProfileZone, in workspace: WorkspaceRef) {
        if case .dropped = continuation.yield(.changed(profile, in: workspace)) {
            logger.notice("Profile change left to the directory sync: too many waiting", metadata: ["user": "\(profile.user)"])
        }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                var running = 0
                for await work in self.queue {
                    // Changes are remembered in the order they came, so a later one wins; a store write is quick.
                    if case .changed = work {
                        await self.carryOut(work)
                        continue
                    }
                    if running == Self.mostAtOnce {
                        _ = await group.next()
                        running -= 1
                    }
                    group.addTask { await self.carryOut(work) }
                    running += 1
                }
            }
        }
    }

    private func carryOut(_ work: Work) async {
        let profiles: [ProfileZone]
        let workspace: WorkspaceRef
        switch work {
        case .awaited(let users, let awaitedIn):
            profiles = await handler.awaitedProfiles(of: users, in: awaitedIn, now: clock.now)
            workspace = awaitedIn
        case .changed(let profile, let changedIn):
            profiles = [profile]
            workspace = changedIn
        }
        guard !profiles.isEmpty else { return }
        do {
            try await remember(profiles, in: workspace)
        } catch {
            logger.error("Profiles could not be remembered; the directory sync brings them again", metadata: ["error": "\(error)"])
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
