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
        // Read before the policy is parsed from the file, so that it is never newer than the policy in force.
        configuration.policyText = config.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
        let policy = try loadPolicy(config)
        configuration.policyLoadedAt = Date()
        // A target without its secrets would only fill the outbox with dead posts: refuse to start, naming them.
        let unset = policy.publish.flatMap { configuration.publishingCredentials.missingVariables(for: $0) }
        guard unset.isEmpty else { throw ValidationError("the policy publishes decisions, but \(unset.joined(separator: ", ")) is not set") }
        logger.info("Policy", metadata: [
            "file": "\(config ?? "built-in")", "tiers": "\(policy.tiers.map(\.name).joined(separator: ","))",
            "default_tier": "\(policy.defaultTierName)", "hours": "\(policy.workingHours.summary)",
        ])
        let store = try await database.open(logger: logger)
        let dependencies = ServerDependencies(
            store: store, policy: LivePolicy(policy), clock: SystemClock(), httpClient: NIOHTTPClient(), logger: logger)
        let app = buildApplication(configuration: configuration, dependencies: dependencies) { [logger, configuration] port in
            logger.info("Listening", metadata: ["address": "http://\(configuration.host):\(port)"])
        }
        // The store is first, so it starts before the server and its workers and is closed after they stop.
        try await ServiceGroup(configuration: .init(
            services: [StoreService(store), app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)).run()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// The policy in `path`, or the built-in one when no file is named. Problems are printed and end the command.
func loadPolicy(_ path: String?) throws -> ResponsePolicy {
    guard let path else { return .builtIn }
    do {
        return try PolicyFile.load(path: path, platforms: RegisteredPlatforms.names)
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(1)
    }
}
