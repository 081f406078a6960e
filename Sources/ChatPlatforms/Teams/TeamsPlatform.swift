import ArgumentParser
import ChatPlatformKit
import Hummingbird
import Logging
import UnhurriedCore

/// Microsoft Teams as a Bot Framework bot: Teams posts activities to `/teams/messages` with a token the Bot Framework
/// signed; Unhurried posts back through the Bot Connector with its own app token, into conversations it has heard from.
public struct TeamsPlatform: ChatPlatform {
    public static let name = "teams"
    public static let displayName = "Teams"
    public static let routePath = "teams"
    /// The bot's messaging endpoint, which its registration names.
    static let messagesRoute = "messages"
    static var messagingPath: String { "/\(routePath)/\(messagesRoute)" }
    public static let environmentVariables = [
        EnvironmentVariable("TEAMS_APP_ID", required: true, "the bot's Microsoft App ID: its Entra app's client id"),
        EnvironmentVariable("TEAMS_APP_PASSWORD", required: true, "a client secret of that Entra app"),
        EnvironmentVariable("TEAMS_TENANT_ID", "the Entra tenant of a single-tenant bot (default: a multi-tenant bot)"),
        EnvironmentVariable("TEAMS_OPENID_METADATA_URL", "where the Bot Framework's signing keys are listed (default: Microsoft's)"),
        EnvironmentVariable("TEAMS_LOGIN_URL", "where the bot's app token comes from (default https://login.microsoftonline.com)"),
    ]
    public static let commands: [any ParsableCommand.Type] = [TeamsPackageCommand.self]

    public var settings: TeamsLoginSettings

    public init(settings: TeamsLoginSettings) {
        self.settings = settings
    }

    public var summary: Logger.Metadata {
        ["app": "\(settings.appID)", "tenant": "\(settings.tenantID ?? "multi-tenant")"]
    }

    public func connect(http: any OutboundHTTPClient, memory: any PlatformMemory) -> any PlatformConnection {
        // The app token's lifetime is Entra's, in real seconds, whatever clock the server runs on.
        let connector = TeamsConnector(tokens: settings.appToken(http: http, clock: SystemClock()), http: http)
        return TeamsConnection(
            settings: settings, http: http,
            client: TeamsClient(appID: settings.appID, connector: connector, memory: TeamsMemory(store: memory, clock: SystemClock())))
    }
}

extension TeamsLoginSettings: PlatformSettings {}

struct TeamsConnection: PlatformConnection {
    let settings: TeamsLoginSettings
    let http: any OutboundHTTPClient
    let client: TeamsClient

    var transport: any ChatTransport { client }
    var directory: (any UserDirectory)? { client }

    func registerRoutes(on group: RouterGroup<BasicRequestContext>, host: any PlatformHost) {
        // Tokens are checked against the host's clock, as every platform's verification window is.
        TeamsRoutes(verifier: settings.tokenVerifier(http: http, clock: host.clock), client: client, host: host).register(on: group)
    }
}
