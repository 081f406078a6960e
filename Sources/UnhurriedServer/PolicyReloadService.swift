import ChatPlatforms
import Foundation
import Logging
import ServiceLifecycle
import UnhurriedConfiguration
import UnhurriedCore
import Synchronization
import UnixSignals

/// Re-reads the policy file on SIGHUP and whenever its contents change (checked every few seconds, which also
/// catches Kubernetes ConfigMap updates that swap a symlink). A file with problems is rejected, logged with every
/// problem and counted; the last good policy stays in force. A reload that takes working time from people with open
/// asks (holidays added, hours cut) moves their deadlines later by what they lose, as time away does; other changes
/// leave existing deadlines as they are.
public struct PolicyReloadService: Service {
    private let path: String
    private let policy: LivePolicy
    /// Moves open deadlines after a reload; nil where nothing is stored (the reload tests).
    private let deadlines: DeadlineMover?
    /// Keeps each applied file's text for a later start on a broken file (`KeptPolicy`); nil where nothing is stored.
    private let memory: (any PlatformMemory)?
    private let clock: any WallClock
    private let metrics: ServerMetrics
    /// What the admin page shows of the policy in force; nil where nobody looks.
    private let status: PolicyStatus?
    private let logger: Logger
    private let checkInterval: Duration
    /// Read when the service is made, right after the policy in force was loaded, so a change made before the
    /// service starts running is still seen as one.
    private let lastSeen: Contents

    public init(
        path: String, policy: LivePolicy, deadlines: DeadlineMover? = nil, memory: (any PlatformMemory)? = nil,
        clock: any WallClock = SystemClock(), metrics: ServerMetrics, status: PolicyStatus? = nil, logger: Logger,
        checkInterval: Duration = .seconds(2)
    ) {
        self.status = status
        lastSeen = Contents(text: PolicyFile.text(at: path))
        self.path = path
        self.policy = policy
        self.deadlines = deadlines
        self.memory = memory
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.checkInterval = checkInterval
    }

    public func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await _ in hangups {
                        await reload(because: "SIGHUP", contents: lastSeen)
                    }
                }
                group.addTask {
                    while (try? await Task.sleep(for: checkInterval)) != nil {
                        if lastSeen.changed(to: PolicyFile.text(at: path)) { await reload(because: "file changed", contents: lastSeen) }
                    }
                }
            }
        }
    }

    private func reload(because reason: String, contents: Contents) async {
        let text = PolicyFile.text(at: path)
        contents.update(to: text)
        do throws(YAMLFileError) {
            let replacement = try PolicyFile.read(text: text, of: path, platforms: RegisteredPlatforms.names)
            let previous = policy.current
            policy.replace(with: replacement)
            metrics.policyReloaded(outcome: "applied")
            status?.reloaded(text, at: clock.now)
            logger.info("Reloaded policy", metadata: [
                "file": "\(path)", "reason": "\(reason)", "tiers": "\(replacement.tiers.map(\.name).joined(separator: ","))",
            ])
            if let memory, let text { await KeptPolicy.keep(text, in: memory, now: clock.now, logger: logger) }
            await moveDeadlines(from: previous, to: replacement, revision: PolicyRevision.of(text ?? ""))
        } catch {
            metrics.policyReloaded(outcome: "rejected")
            status?.rejected(error.description, at: clock.now)
            logger.error("Policy file rejected; the last good policy stays in force", metadata: [
                "file": "\(path)", "reason": "\(reason)", "problems": "\(error.description)",
            ])
        }
    }

    /// Moves the open deadlines the new policy takes working time from. A failure is logged and leaves them where they
    /// were: the policy is in force all the same, and the next reload that changes working time looks again.
    private func moveDeadlines(from previous: ResponsePolicy, to replacement: ResponsePolicy, revision: String) async {
        guard let deadlines else { return }
        do {
            let moved = try await deadlines.policyReplaced(from: previous, to: replacement, revision: revision, now: clock.now)
            if moved > 0 { logger.info("Moved open deadlines for the new policy's working time", metadata: ["deadlines": "\(moved)"]) }
        } catch {
            logger.error("Could not move open deadlines for the new policy", metadata: ["error": "\(error)"])
        }
    }

    /// The file's last seen text, shared by the two triggers.
    private final class Contents: Sendable {
        private let text: Mutex<String?>

        init(text: String?) {
            self.text = Mutex(text)
        }

        func changed(to current: String?) -> Bool {
            text.withLock { $0 != current }
        }

        func update(to current: String?) {
            text.withLock { $0 = current }
        }
    }
}
