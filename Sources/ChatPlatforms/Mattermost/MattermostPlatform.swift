import ChatPlatformKit
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnhurriedCore

/// Mattermost: custom slash commands and message buttons call Unhurried; posts go out through the REST API as a bot,
/// and replies and reactions arrive over the server's WebSocket.
public struct MattermostPlatform: ChatPlatform {
    public static let name = "mattermost"
    public static let displayName = "Mattermost"
    public static let routePath = "mattermost"
    public static let environmentVariables = [
        EnvironmentVariable("MATTERMOST_URL", required: true, "Mattermost server, e.g. https://mattermost.example.com"),
        EnvironmentVariable("MATTERMOST_BOT_TOKEN", required: true, "bot account's access token, used to post"),
        EnvironmentVariable(
            "MATTERMOST_COMMAND_TOKENS", required: true, "team_id:token of each registered slash command, comma-separated"),
        EnvironmentVariable("MATTERMOST_ACTIONS_URL", "where Mattermost posts button clicks; no buttons without it"),
        EnvironmentVariable("MATTERMOST_ACTIONS_SECRET", "signs the buttons (default: derived from the bot token)"),
    ]

    public var settings: MattermostSettings

    public init(settings: MattermostSettings) {
        self.settings = settings
    }


    public var summary: Logger.Metadata {
        [
            "server": "\(settings.serverURL)", "team_count": "\(settings.commandTokens.count)",
            "buttons": "\(settings.actionsURL?.absoluteString ?? "off (set MATTERMOST_ACTIONS_URL)")",
        ]
    }

    public func connect(http: any OutboundHTTPClient, memory: any PlatformMemory) -> any PlatformConnection {
        let client = MattermostClient(baseURL: settings.serverURL, botToken: settings.botToken, renderer: settings.renderer, http: http)
        return MattermostConnection(
            settings: settings, client: client, channels: MattermostChannelDirectory(api: client.api, timeout: .milliseconds(1500)))
    }
}

struct MattermostConnection: PlatformConnection {
    let settings: MattermostSettings
    /// Answers profile-zone questions itself, so a new assignee's profile is read once for both.
    let client: MattermostClient
    let channels: MattermostChannelDirectory

    var transport: any ChatTransport { client }
    var directory: (any UserDirectory)? { client }
    var channelDirectory: (any ChannelDirectory)? { channels }
    var messages: (any MessageReader)? { client }

    func registerRoutes(on group: RouterGroup<BasicRequestContext>, host: any PlatformHost) {
        MattermostRoutes(settings: settings, client: client, host: host).register(on: group)
    }

    func backgroundServices(host: any PlatformHost, logger: Logger) -> [any Service] {
        let teams = settings.commandTokens.keys.sorted()
        return [
            MattermostEventListener(url: settings.eventsURL, botToken: settings.botToken, teams: teams, client: client, host: host, logger: logger),
            DirectorySync(
                listing: MattermostPeopleListing(api: client.api, teams: teams), host: host, platform: MattermostPlatform.name, logger: logger),
        ]
    }
}
