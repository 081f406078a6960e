import ChatPlatformKit
import Hummingbird
import Logging
import ServiceLifecycle
import UnhurriedCore

/// Slack: slash commands, buttons and the Events API call Unhurried, signed with the app's signing secret; posts
/// go out through the Web API as the app's bot.
public struct SlackPlatform: ChatPlatform {
    public static let name = "slack"
    public static let displayName = "Slack"
    public static let routePath = "slack"
    public static let environmentVariables = [
        EnvironmentVariable("SLACK_SIGNING_SECRET", required: true, "Slack app's signing secret (comma-separated while rotating)"),
        EnvironmentVariable("SLACK_BOT_TOKEN", required: true, "bot token (xoxb-…) used to post"),
        EnvironmentVariable("SLACK_API_URL", "Web API base URL (default https://slack.com/api)"),
    ]

    public var settings: SlackSettings

    public init(settings: SlackSettings) {
        self.settings = settings
    }


    public var summary: Logger.Metadata { ["api": "\(settings.apiBaseURL)"] }

    public func connect(http: any OutboundHTTPClient, memory: any PlatformMemory) -> any PlatformConnection {
        SlackConnection(
            settings: settings,
            client: SlackWebAPIClient(baseURL: settings.apiBaseURL, botToken: settings.botToken, http: http),
            profiles: SlackUserDirectory(baseURL: settings.apiBaseURL, botToken: settings.botToken, http: http),
            channels: SlackChannelDirectory(baseURL: settings.apiBaseURL, botToken: settings.botToken, http: http))
    }
}

struct SlackConnection: PlatformConnection {
    let settings: SlackSettings
    let client: SlackWebAPIClient
    let profiles: SlackUserDirectory
    let channels: SlackChannelDirectory

    var transport: any ChatTransport { client }
    var directory: (any UserDirectory)? { profiles }
    var channelDirectory: (any ChannelDirectory)? { channels }
    var messages: (any MessageReader)? { client }

    func registerRoutes(on group: RouterGroup<BasicRequestContext>, host: any PlatformHost) {
        group.add(middleware: SlackVerificationMiddleware(verifier: SlackRequestVerifier(signingSecrets: settings.signingSecrets), host: host))
        SlackRoutes(host: host, client: client).register(on: group)
    }

    func backgroundServices(host: any PlatformHost, logger: Logger) -> [any Service] {
        [DirectorySync(listing: SlackPeopleListing(client: client), host: host, platform: SlackPlatform.name, logger: logger)]
    }
}
