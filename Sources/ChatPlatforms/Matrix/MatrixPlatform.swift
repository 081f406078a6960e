import ArgumentParser
import ChatPlatformKit
import Hummingbird
import Logging
import UnhurriedCore

/// Matrix as an application service: the homeserver pushes room events to Unhurried, which posts as its bot user.
public struct MatrixPlatform: ChatPlatform {
    public static let name = "matrix"
    public static let displayName = "Matrix"
    public static let routePath = "_matrix/app/v1"
    public static let environmentVariables = [
        EnvironmentVariable("MATRIX_HOMESERVER_URL", required: true, "homeserver's client-server API, e.g. http://127.0.0.1:8008"),
        EnvironmentVariable("MATRIX_AS_TOKEN", required: true, "the registration's as_token (Unhurried → homeserver)"),
        EnvironmentVariable("MATRIX_HS_TOKEN", required: true, "the registration's hs_token (homeserver → Unhurried)"),
        EnvironmentVariable("MATRIX_BOT_USER", required: true, "the bot's user id, e.g. @unhurried:example.org"),
        EnvironmentVariable("MATRIX_COMMAND_PREFIX", "what starts a command in a room (default !)"),
        EnvironmentVariable("MATRIX_ALLOWED_SERVERS", "whose people the bot hears (default: its own server; * for any)"),
    ]
    public static let commands: [any ParsableCommand.Type] = [MatrixRegistrationCommand.self]

    public var settings: MatrixSettings

    public init(settings: MatrixSettings) {
        self.settings = settings
    }


    public var summary: Logger.Metadata { ["homeserver": "\(settings.homeserverURL)", "bot": "\(settings.bot)"] }

    public func connect(http: any OutboundHTTPClient, memory: any PlatformMemory) -> any PlatformConnection {
        MatrixConnection(
            settings: settings,
            client: MatrixClient(
                homeserverURL: settings.homeserverURL, accessToken: settings.applicationServiceToken, bot: settings.bot,
                commandPrefix: settings.commandPrefix, http: http),
            profiles: MatrixUserDirectory(homeserverURL: settings.homeserverURL, accessToken: settings.applicationServiceToken, http: http),
            channels: MatrixChannelDirectory(homeserverURL: settings.homeserverURL, accessToken: settings.applicationServiceToken, http: http))
    }
}

struct MatrixConnection: PlatformConnection {
    let settings: MatrixSettings
    let client: MatrixClient
    let profiles: MatrixUserDirectory
    let channels: MatrixChannelDirectory

    var transport: any ChatTransport { client }
    var directory: (any UserDirectory)? { profiles }
    var channelDirectory: (any ChannelDirectory)? { channels }
    var messages: (any MessageReader)? { client }

    func registerRoutes(on group: RouterGroup<BasicRequestContext>, host: any PlatformHost) {
        group.add(middleware: MatrixAuthenticationMiddleware(homeserverToken: settings.homeserverToken, host: host))
        MatrixRoutes(settings: settings, client: client, host: host).register(on: group)
    }
}
