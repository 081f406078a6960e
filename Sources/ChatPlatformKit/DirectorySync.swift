import Logging
import ServiceLifecycle
import UnhurriedCore

/// Keeps people's profile zones in the store before anyone asks them anything: pages through the platform's whole
/// directory when the server starts and then every `period`, at the listing's pace, honouring its 429s, and hands
/// each page to the host. Profile events keep the zones current in between.
///
/// Every replica that runs background workers runs one: the store's leases claim rows, not jobs, so there is no leader
/// to give the pass to. Each replica starts at a random point of `startSpread` and the writes are idempotent, so a few
/// replicas cost a few passes spread over time, not a burst.
public struct DirectorySync: Service, CustomStringConvertible {
    let listing: any PeopleListing
    let host: any PlatformHost
    let platform: String
    let period: Duration
    let startSpread: Duration
    let logger: Logger

    /// What the service lifecycle logs it as: its host holds the platforms' clients, and their tokens.
    public var description: String { "DirectorySync(platform: \(platform))" }

    /// A pass that fails this many times in a row on one page (other than being asked to wait) is left for the next.
    static let mostFailures = 3

    public init(
        listing: any PeopleListing, host: any PlatformHost, platform: String, period: Duration = .seconds(6 * 3600),
        startSpread: Duration = .seconds(120), logger: Logger
    ) {
        self.listing = listing
        self.host = host
        self.platform = platform
        self.period = period
        self.startSpread = startSpread
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            try? await Task.sleep(for: startSpread * Double.random(in: 0...1))
            while !Task.isCancelled {
                await passOverDirectory()
                try? await Task.sleep(for: period)
            }
        }
    }

    /// One pass over every page; returns how many profiles were remembered. A failure ends the pass early (logged):
    /// what was remembered stays, and the next pass starts over.
    @discardableResult
    public func passOverDirectory() async -> Int {
        var cursor: String?
        var remembered = 0
        var failures = 0
        // A failed page, the first one included, is asked for again with the same cursor.
        while !Task.isCancelled {
            let page: DirectoryPage
            do {
                page = try await listing.page(after: cursor)
            } catch {
                if case .rateLimited(let seconds) = error {
                    try? await Task.sleep(for: seconds.map { .seconds($0) } ?? listing.pause)
                    continue
                }
                failures += 1
                guard failures < Self.mostFailures else {
                    logger.warning("Directory sync stopped; the next pass starts over", metadata: [
                        "platform": "\(platform)", "error": "\(error)", "remembered": "\(remembered)",
                    ])
                    return remembered
                }
                try? await Task.sleep(for: listing.pause * failures)
                continue
            }
            failures = 0
            do {
                for (workspace, profiles) in page.profiles.sorted(by: { $0.key.workspaceID < $1.key.workspaceID }) {
                    try await host.rememberProfiles(profiles, in: workspace)
                    remembered += profiles.count
                }
            } catch {
                logger.error("Directory sync could not store a page; the next pass starts over", metadata: [
                    "platform": "\(platform)", "error": "\(error)",
                ])
                return remembered
            }
            guard let next = page.next else {
                logger.info("Directory synced", metadata: ["platform": "\(platform)", "profiles": "\(remembered)"])
                return remembered
            }
            cursor = next
            try? await Task.sleep(for: listing.pause)
        }
        return remembered
    }
}
