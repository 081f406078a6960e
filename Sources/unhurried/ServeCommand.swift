import ArgumentParser
import ChatPlatformKit
import ChatPlatforms
import DecisionPublishers
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals
import UnhurriedConfiguration
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the webhook server, the scheduler and the outbox worker.",
        discussion: ServeCommand.discussion)

    /// Secrets come from the environment; each registered platform names the variables it reads.
    static var discussion: String {
        var lines = [
            "Secrets come from the environment, never from flags or files.",
            "A platform is enabled when its variables marked * are set; otherwise",
            "its routes answer 503 naming what is missing.",
        ]
        for platform in RegisteredPlatforms.all {
            lines.append("\(platform.displayName):")
            for variable in platform.environmentVariables {
                lines += ["  \(variable.name)\(variable.isRequired ? " *" : "")", "      \(variable.help)"]
            }
            for command in platform.commands {
                lines.append("  `unhurried \(command.configuration.commandName ?? "")`: \(command.configuration.abstract)")
            }
        }
        lines += [
            "Administration:", "  UNHURRIED_ADMIN_TOKEN", "      the admin page's login (/admin) and /admin/stats's Bearer token; at least 32 characters",
            "  UNHURRIED_ADMIN_COOKIE_SECURE", "      true or false: mark the admin cookies Secure (default: yes, unless --host is a loopback address)",
        ]
        lines.append("Decision publishing (the policy's publish: names the targets; these are their secrets):")
        for variable in PublishingCredentials.variables { lines += ["  \(variable.name)", "      \(variable.help)"] }
        return lines.joined(separator: "\n")
    }

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Policy file (YAML); without one the built-in policy applies (see config/unhurried.example.yaml).")
    var config: String?
    @OptionGroup var database: DatabaseOption
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: Logger.Level = .info
    @Option(help: "Attempts at delivering a post before it is parked as dead (see `unhurried outbox --dead`).")
    var deliveryAttempts = DeliveryRetryPolicy().maximumAttempts

    func run() async throws {
        LoggingSystem.bootstrap(DeferredMetadataLogHandler.standardError)
        var logger = Logger(label: "unhurried")
        logger.logLevel = logLevel
        let environment = ProcessInfo.processInfo.environment
        guard (1...100).contains(deliveryAttempts) else { throw ValidationError("--delivery-attempts must be between 1 and 100") }
        var configuration: ServerConfiguration
        do {
            var settings = ServerConfiguration(
                host: host, port: port, platforms: try ServerConfiguration.platforms(from: environment), policyFile: config)
            settings.retryPolicy.maximumAttempts = deliveryAttempts
            settings.adminToken = try ServerConfiguration.adminToken(from: environment)
            settings.adminCookieSecure = try ServerConfiguration.adminCookieSecure(from: environment)
            settings.publishingCredentials = PublishingCredentials(environment: environment)
            configuration = settings
        } catch {
            throw ValidationError(error.description)
        }
        // The store opens before the policy is chosen (a broken file falls back on the last valid one kept there), runs
        // while the server and its workers do, and closes after they stop.
        try await database.withStore(logger: logger) { store in
            let starting = try await startingPolicy(store: store, logger: logger)
            let policy = starting?.policy ?? .builtIn
            configuration.policyText = starting?.text
            configuration.policyLoadedAt = Date()
            if let refusal = starting?.refusal {
                configuration.policyFileRefusedAtStart = refusal.description
                logger.error("Policy file refused; starting on the last valid policy, kept in the store", metadata: [
                    "file": "\(config ?? "")", "problems": "\(refusal.description)",
                ])
            }
            // A target without its secrets would only fill the outbox with dead posts: refuse to start, naming them.
            let unset = policy.publish.flatMap { configuration.publishingCredentials.missingVariables(for: $0) }
            guard unset.isEmpty else { throw ValidationError("the policy publishes decisions, but \(unset.joined(separator: ", ")) is not set") }
            // Kept only once it is known to run here, so a later start on a broken file falls back on a policy that runs.
            if starting?.refusal == nil, let text = starting?.text { await KeptPolicy.keep(text, in: store, now: Date(), logger: logger) }
            logger.info("Policy", metadata: [
                "file": "\(config ?? "built-in")", "source": "\(starting?.refusal == nil ? "file" : "kept in the store")",
                "tiers": "\(policy.tiers.map(\.name).joined(separator: ","))", "default_tier": "\(policy.defaultTierName)",
                "hours": "\(policy.workingHours.summary)",
            ])
            let dependencies = ServerDependencies(
                store: store, policy: LivePolicy(policy), clock: SystemClock(), httpClient: NIOHTTPClient(), logger: logger)
            let app = buildApplication(configuration: configuration, dependencies: dependencies) { [logger, configuration] port in
                logger.info("Listening", metadata: ["address": "http://\(configuration.host):\(port)"])
            }
            try await ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)).run()
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension ServeCommand {
    /// The file's policy, or the last valid one kept in the store when the file is broken (`StartingPolicy`); nil for
    /// the built-in one. A broken file with none kept is printed and ends the command.
    private func startingPolicy(store: any UnhurriedStore, logger: Logger) async throws -> StartingPolicy? {
        guard let config else { return nil }
        do {
            return try await StartingPolicy.read(path: config, memory: store, logger: logger)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
