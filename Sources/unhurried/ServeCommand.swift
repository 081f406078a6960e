import ArgumentParser
import ChatPlatforms
import Foundation
import Hummingbird
import Logging
import UnhurriedConfiguration
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the webhook server, the scheduler and the outbox worker.",
        discussion: """
            Secrets come from the environment, never from flags or files:
              SLACK_SIGNING_SECRET  Slack app's signing secret (comma-separated while rotating)
              SLACK_BOT_TOKEN       bot token (xoxb-…) used to post
              SLACK_API_URL         Web API base URL (default https://slack.com/api)
              MATRIX_HOMESERVER_URL homeserver's client-server API, e.g. http://127.0.0.1:8008
              MATRIX_AS_TOKEN       the registration's as_token (Unhurried → homeserver)
              MATRIX_HS_TOKEN       the registration's hs_token (homeserver → Unhurried)
              MATRIX_BOT_USER       the bot's user id, e.g. @unhurried:example.org
              MATRIX_COMMAND_PREFIX what starts a command in a room (default !)
              MATRIX_ALLOWED_SERVERS whose people the bot hears (default: its own server; * for any)
              MATTERMOST_URL        Mattermost server, e.g. https://mattermost.example.com
              MATTERMOST_BOT_TOKEN  bot account's access token, used to post
              MATTERMOST_COMMAND_TOKENS  team_id:token of each registered slash command, comma-separated
              MATTERMOST_ACTIONS_URL     where Mattermost posts button clicks (…/mattermost/actions); no buttons without it
              MATTERMOST_ACTIONS_SECRET  signs the buttons (default: derived from the bot token)
              UNHURRIED_ADMIN_TOKEN what /admin/stats requests must present (Authorization: Bearer …)
            A platform whose variables are missing is disabled and its routes answer 503.
            `unhurried matrix-registration` prints the homeserver's registration file.
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Policy file (YAML); without one the built-in policy applies (see config/unhurried.example.yaml).")
    var config: String?
    @OptionGroup var database: DatabaseOption
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: Logger.Level = .info
    @Option(help: "Attempts at delivering a post before it is parked as dead (see `unhurried outbox --dead`).")
    var deliveryAttempts = DeliveryRetryPolicy().maximumAttempts

    func run() async throws {
        var logger = Logger(label: "unhurried")
        logger.logLevel = logLevel
        let environment = ProcessInfo.processInfo.environment
        guard (1...100).contains(deliveryAttempts) else { throw ValidationError("--delivery-attempts must be between 1 and 100") }
        let configuration: ServerConfiguration
        do {
            var settings = ServerConfiguration(
                host: host, port: port, slack: try SlackSettings.fromEnvironment(environment),
                matrix: try MatrixSettings.fromEnvironment(environment), mattermost: try MattermostSettings.fromEnvironment(environment),
                policyFile: config)
            settings.retryPolicy.maximumAttempts = deliveryAttempts
            settings.adminToken = environment["UNHURRIED_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            configuration = settings
        } catch {
            throw ValidationError(error.description)
        }
        let policy = try loadPolicy(config)
        logger.info("Policy", metadata: [
            "file": "\(config ?? "built-in")", "tiers": "\(policy.tiers.map(\.name).joined(separator: ","))",
            "default_tier": "\(policy.defaultTierName)", "hours": "\(policy.workingHours.summary)",
        ])
        let store = try await database.open(logger: logger)
        let dependencies = ServerDependencies(
            store: store, policy: LivePolicy(policy), clock: SystemClock(), httpClient: NIOHTTPClient(), logger: logger)
        let app = buildApplication(configuration: configuration, dependencies: dependencies) { [logger] port in
            logger.info("Listening", metadata: ["address": "http://\(configuration.host):\(port)"])
        }
        do {
            try await app.runService()
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// The policy in `path`, or the built-in one when no file is named. Problems are printed and end the command.
func loadPolicy(_ path: String?) throws -> ResponsePolicy {
    guard let path else { return .builtIn }
    do {
        return try PolicyFile.load(path: path)
    } catch {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(1)
    }
}
