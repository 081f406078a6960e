import ChatPlatformKit
import DecisionPublishers
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnhurriedConfiguration
import UnhurriedCore

/// The service's I/O dependencies; production passes the real ones, tests pass fakes pointing at 127.0.0.1.
public struct ServerDependencies: Sendable {
    public var store: any UnhurriedStore
    public var policy: LivePolicy
    public var clock: any WallClock
    public var httpClient: any OutboundHTTPClient
    public var logger: Logger

    public init(store: any UnhurriedStore, policy: LivePolicy, clock: any WallClock, httpClient: any OutboundHTTPClient, logger: Logger) {
        self.store = store
        self.policy = policy
        self.clock = clock
        self.httpClient = httpClient
        self.logger = logger
    }
}

/// Builds the whole service: routes, verification, metrics and the outbox worker. `serve` and the tests both
/// come through here, so what the tests exercise is what runs.
public func buildApplication(
    configuration: ServerConfiguration,
    dependencies: ServerDependencies,
    metrics: ServerMetrics = ServerMetrics(),
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let logger = dependencies.logger
    let wake = WakeSignal()
    let schedulerWake = WakeSignal()
    let connected = configuration.platforms.compactMap { availability -> (platform: any ChatPlatform, connection: any PlatformConnection)? in
        guard case .enabled(let platform) = availability else { return nil }
        return (platform, platform.connect(http: dependencies.httpClient, memory: dependencies.store))
    }
    let transports = Dictionary(uniqueKeysWithValues: connected.map { (type(of: $0.platform).name, $0.connection.transport) })
    let directories = Dictionary(uniqueKeysWithValues: connected.compactMap { platform, connection in
        connection.directory.map { (type(of: platform).name, $0) }
    })
    let readers = Dictionary(uniqueKeysWithValues: connected.compactMap { platform, connection in
        connection.messages.map { (type(of: platform).name, $0) }
    })
    let channelDirectories = Dictionary(uniqueKeysWithValues: connected.compactMap { platform, connection in
        connection.channelDirectory.map { (type(of: platform).name, $0) }
    })
    let handler = CommandHandler(
        store: dependencies.store, policy: dependencies.policy, directories: directories, channelDirectories: channelDirectories,
        profileLookupBudget: configuration.profileLookupBudget)
    let zoneCorrections = ZoneCorrections(
        handler: handler, clock: dependencies.clock, deliveryWake: wake, schedulerWake: schedulerWake, logger: logger)
    let commands = CommandRunner(
        handler: handler, clock: dependencies.clock, metrics: metrics, deliveryWake: wake, schedulerWake: schedulerWake,
        zoneCorrections: zoneCorrections)
    let responses = ResponseRunner(
        responses: ItemResponses(store: dependencies.store, policy: dependencies.policy),
        events: ChatEventHandler(store: dependencies.store, policy: dependencies.policy, commands: handler, readers: readers),
        eventLog: dependencies.store, notices: dependencies.store, clock: dependencies.clock, deliveryWake: wake, commands: commands)

    let router = Router()
    router.addMiddleware { RequestMetricsMiddleware(metrics: metrics) }
    router.get("healthz") { _, _ in "ok\n" }
    router.get("readyz") { _, context -> Response in
        do {
            try await dependencies.store.checkReachable()
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "ready\n")))
        } catch {
            context.logger.warning("Store unreachable", metadata: ["error": "\(error)"])
            return Response(status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: "store unreachable\n")))
        }
    }
    router.get("metrics") { _, context in
        do {
            metrics.outboxBacklog(try await dependencies.store.countPostsAwaitingAttention())
        } catch {
            context.logger.warning("Could not count the outbox for /metrics", metadata: ["error": "\(error)"])
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render())))
    }

    let activity = PlatformActivity()
    let policyStatus = PolicyStatus(
        file: configuration.policyFile,
        appliedText: configuration.policyText ?? configuration.policyFile.flatMap(PolicyFile.text(at:)),
        loadedAt: configuration.policyLoadedAt ?? dependencies.clock.now)
    if let refusal = configuration.policyFileRefusedAtStart {
        policyStatus.rejected(refusal, at: dependencies.clock.now)
        metrics.policyReloaded(outcome: "rejected")
    }
    let access = AdminAccess(
        token: configuration.adminToken, sessionStore: dependencies.store,
        pacer: WrongTokenPacer(spacing: configuration.wrongAdminTokenSpacing, clock: configuration.wrongAdminTokenClock), metrics: metrics)
    let admin = router.group("admin")
    AdminRoutes(access: access, store: dependencies.store, policy: dependencies.policy, clock: dependencies.clock).register(on: admin)
    AdminPageRoutes(
        access: access, store: dependencies.store, policy: dependencies.policy, policyStatus: policyStatus, platforms: configuration.platforms,
        activity: activity, clock: dependencies.clock, deliveryWake: wake,
        cookieSecurity: AdminCookieSecurity(setting: configuration.adminCookieSecure, host: configuration.host)
    ).register(on: admin)

    let host = ServerPlatformHost(
        commands: commands, responses: responses, metrics: metrics, clock: dependencies.clock, items: dependencies.store,
        livePolicy: dependencies.policy)
    var platformServices: [any Service] = []
    for (platform, connection) in connected {
        let kind = type(of: platform)
        connection.registerRoutes(on: router.group(RouterPath(kind.routePath)), host: host)
        platformServices += connection.backgroundServices(host: host, logger: logger)
        // Outside the log call: its metadata is only evaluated when the level lets the line through.
        let summary = platform.summary
        logger.info("\(kind.displayName) enabled", metadata: summary)
    }
    for case .disabled(let kind, let missing) in configuration.platforms {
        DisabledPlatformRoutes(platform: kind.displayName, missingVariables: missing).register(on: router.group(RouterPath(kind.routePath)))
        logger.notice("\(kind.displayName) disabled: set \(missing.joined(separator: ", ")) to enable it")
    }

    // Corrections follow the asks this replica answered, whether or not it runs the background workers.
    var services: [any Service] = [zoneCorrections]
    if configuration.runsBackgroundWorkers {
        let digests = DigestScheduler(store: dependencies.store, policy: dependencies.policy)
        let standups = StandupScheduler(store: dependencies.store, policy: dependencies.policy, directories: directories)
        let dispatcher = OutboxDispatcher(
            store: dependencies.store, transports: transports, clock: dependencies.clock, retryPolicy: configuration.retryPolicy,
            digests: digests, standups: standups, nudges: DailyNudges(store: dependencies.store, policy: dependencies.policy),
            publishing: DecisionPublishing(
                policy: dependencies.policy, credentials: configuration.publishingCredentials, http: dependencies.httpClient),
            metrics: metrics, activity: activity, logger: logger)
        services.append(DueWorkService.delivery(dispatcher: dispatcher, wakeSignal: wake, clock: dependencies.clock, logger: logger))
        services.append(DueWorkService.followUps(
            scheduler: FollowUpScheduler(store: dependencies.store, policy: dependencies.policy), digests: digests, standups: standups,
            wakeSignal: schedulerWake, deliveryWake: wake, clock: dependencies.clock, logger: logger))
        services.append(DueWorkService.inboundEventPruning(eventLog: dependencies.store, clock: dependencies.clock, logger: logger))
        services += platformServices
    }
    if let path = configuration.policyFile {
        services.append(PolicyReloadService(
            path: path, policy: dependencies.policy, deadlines: DeadlineMover(store: dependencies.store, policy: dependencies.policy),
            memory: dependencies.store, clock: dependencies.clock, metrics: metrics, status: policyStatus, logger: logger))
    }
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "unhurried"),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

/// Answers a disabled platform's routes with 503 and the variables that would enable it.
struct DisabledPlatformRoutes<Context: RequestContext> {
    let platform: String
    let missingVariables: [String]

    func register(on group: RouterGroup<Context>) {
        let hint = "\(platform) is not enabled on this server: set \(missingVariables.joined(separator: ", ")) and restart.\n"
        for method in [HTTPRequest.Method.post, .put] {
            group.on("**", method: method) { _, _ in
                Response(status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: hint)))
            }
        }
    }
}
