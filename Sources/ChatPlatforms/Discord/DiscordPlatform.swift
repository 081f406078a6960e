import ArgumentParser
import ChatPlatformKit
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnhurriedCore

/// Discord: an application's slash commands and buttons reach Unhurried's interactions endpoint, signed; posts go out
/// through the REST API as the application's bot, and replies and reactions arrive over the Gateway. Discord gives
/// bots no one's time zone, so people set theirs with `/hours`, and until then the team's is used.
public struct DiscordPlatform: ChatPlatform {
    public static let name = "discord"
    public static let displayName = "Discord"
    public static let routePath = "discord"
    public static let environmentVariables = [
        EnvironmentVariable("DISCORD_APPLICATION_ID", required: true, "the application's id, from the developer portal"),
        EnvironmentVariable("DISCORD_PUBLIC_KEY", required: true, "the application's public key (hex): interactions are verified with it"),
        EnvironmentVariable("DISCORD_BOT_TOKEN", required: true, "the application's bot token, used to post"),
        EnvironmentVariable("DISCORD_API_URL", "Discord's REST API (default https://discord.com/api/v10)"),
    ]
    public static let commands: [any ParsableCommand.Type] = [DiscordCommandsCommand.self]

    public var settings: DiscordSettings

    public init(settings: DiscordSettings) {
        self.settings = settings
    }

    public var summary: Logger.Metadata {
        ["application": "\(settings.applicationID)", "api": "\(settings.apiURL)"]
    }

    public func connect(http: any OutboundHTTPClient, memory: any PlatformMemory) -> any PlatformConnection {
        DiscordConnection(
            settings: settings, verifier: DiscordRequestVerifier(publicKey: settings.publicKey),
            client: DiscordClient(baseURL: settings.apiURL, botToken: settings.botToken, http: http))
    }
}

struct DiscordConnection: PlatformConnection {
    let settings: DiscordSettings
    let verifier: DiscordRequestVerifier
    let client: DiscordClient

    var transport: any ChatTransport { client }

    func registerRoutes(on group: RouterGroup<BasicRequestContext>, host: any PlatformHost) {
        DiscordRoutes(
            verifier: verifier, client: client, host: host, applicationID: settings.applicationID, answerBudget: settings.answerBudget
        ).register(on: group)
    }

    func backgroundServices(host: any PlatformHost, logger: Logger) -> [any Service] {
        [DiscordGateway(api: client.api, botToken: settings.botToken, host: host, logger: logger)]
    }
}
