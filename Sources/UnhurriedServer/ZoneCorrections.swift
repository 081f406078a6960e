import Logging
import ServiceLifecycle
import UnhurriedCore

/// Asks that could not wait for someone's profile counted their deadline in the team's zone; this waits for the
/// directory's answer after the ask was answered and plans those deadlines again in the person's own zone (the card is
/// updated, the asker told if it moved). Profile changes the platforms report (Slack's `user_change`, Mattermost's
/// `user_updated`) are remembered here too, after the platform has had its answer, one after another in the order
/// they came, so a later zone wins, and never behind corrections still waiting on the directory. Two bounded queues
/// worked by a service on the replica that took the ask or the event; a correction or change that does not fit, or
/// whose answer never comes, is left to the directory sync, which plans every assignment still marked when it brings
/// the person's zone.
final class ZoneCorrections: Service, Sendable {
    private struct Awaited: Sendable {
        var users: Set<ChatUserID>
        var workspace: WorkspaceRef
    }

    private struct Change: Sendable {
        var profile: ProfileZone
        var workspace: WorkspaceRef
    }

    private let awaited: AsyncStream<Awaited>
    private let awaitedInput: AsyncStream<Awaited>.Continuation
    private let changes: AsyncStream<Change>
    private let changesInput: AsyncStream<Change>.Continuation
    private let handler: CommandHandler
    private let clock: any WallClock
    private let deliveryWake: WakeSignal
    private let schedulerWake: WakeSignal
    private let logger: Logger
    /// Corrections waiting on the directory at once; each waits at most the directory's own timeout.
    static let mostAtOnce = 16

    init(handler: CommandHandler, clock: any WallClock, deliveryWake: WakeSignal, schedulerWake: WakeSignal, logger: Logger, capacity: Int = 10_000) {
        (awaited, awaitedInput) = AsyncStream.makeStream(of: Awaited.self, bufferingPolicy: .bufferingOldest(capacity))
        (changes, changesInput) = AsyncStream.makeStream(of: Change.self, bufferingPolicy: .bufferingOldest(capacity))
        self.handler = handler
        self.clock = clock
        self.deliveryWake = deliveryWake
        self.schedulerWake = schedulerWake
        self.logger = logger
    }

    /// Plans `item`'s deadlines again once the profiles it could not wait for have answered.
    func follow(_ item: Item) {
        let users = Set(item.assignments.filter(\.plannedInTeamZone).map(\.assignee))
        guard !users.isEmpty else { return }
        if case .dropped = awaitedInput.yield(Awaited(users: users, workspace: item.channel.workspace)) {
            logger.notice("Zone correction left to the directory sync: too many waiting", metadata: ["item": "\(item.id)"])
        }
    }

    /// Remembers a changed profile soon, off the request that reported it: platforms expect a quick answer, and a change
    /// lost to a restart or a full queue comes again with the directory sync's next pass.
    func rememberSoon(_ profile: ProfileZone, in workspace: WorkspaceRef) {
        if case .dropped = changesInput.yield(Change(profile: profile, workspace: workspace)) {
            logger.notice("Profile change left to the directory sync: too many waiting", metadata: ["user": "\(profile.user)"])
        }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { queues in
                queues.addTask {
                    for await change in self.changes { await self.keep([change.profile], in: change.workspace) }
                }
                queues.addTask { await self.correctAwaited() }
            }
        }
    }

    private func correctAwaited() async {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for await entry in awaited {
                if running == Self.mostAtOnce {
                    _ = await group.next()
                    running -= 1
                }
                group.addTask {
                    let profiles = await self.handler.awaitedProfiles(of: entry.users, in: entry.workspace, now: self.clock.now)
                    await self.keep(profiles, in: entry.workspace)
                }
                running += 1
            }
        }
    }

    private func keep(_ profiles: [ProfileZone], in workspace: WorkspaceRef) async {
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
