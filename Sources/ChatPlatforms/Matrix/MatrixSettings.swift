import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Matrix as an application service: the homeserver pushes room events to Unhurried, which posts as its bot user.
public struct MatrixSettings: PlatformSettings {
    public var homeserverURL: URL
    /// Unhurried's secret towards the homeserver (the registration's `as_token`).
    public var applicationServiceToken: String
    /// The homeserver's secret towards Unhurried (`hs_token`), checked on every transaction.
    public var homeserverToken: String
    /// `@unhurried:example.org`: the registration's `sender_localpart` on the homeserver's server name.
    public var bot: ChatUserID
    /// What starts a command in a room: `!` in `!ask @bob:example.org …`.
    public var commandPrefix: String
    /// The servers whose people the bot hears (invites, commands, replies); `*` for any. The bot's own by default.
    public var allowedServers: Set<String>

    public init(
        homeserverURL: URL, applicationServiceToken: String, homeserverToken: String, bot: ChatUserID, commandPrefix: String = "!",
        allowedServers: Set<String>? = nil
    ) {
        self.homeserverURL = homeserverURL
        self.applicationServiceToken = applicationServiceToken
        self.homeserverToken = homeserverToken
        self.bot = bot
        self.commandPrefix = commandPrefix
        self.allowedServers = allowedServers ?? [MatrixTransaction.server(of: bot.rawValue)]
    }

    /// The homeserver's server name (`example.org` in `@unhurried:example.org`): Matrix's workspace.
    public var serverName: String { MatrixTransaction.server(of: bot.rawValue) }

    /// Reads `MATRIX_HOMESERVER_URL`, `MATRIX_AS_TOKEN`, `MATRIX_HS_TOKEN`, `MATRIX_BOT_USER` and the optional
    /// `MATRIX_COMMAND_PREFIX` and `MATRIX_ALLOWED_SERVERS` (comma-separated server names, or `*`).
    public init(environment: [String: String]) throws(ConfigurationError) {
        func value(_ name: String) -> String { environment[name]?.trimmingCharacters(in: .whitespaces) ?? "" }
        let url = try ConfigurationError.requiredWebURL(value("MATRIX_HOMESERVER_URL"), named: "MATRIX_HOMESERVER_URL", example: "http://127.0.0.1:8008")
        let bot = value("MATRIX_BOT_USER")
        guard MatrixText.userID(bot) != nil else {
            throw .invalidVariable(name: "MATRIX_BOT_USER", reason: "expected a Matrix user id such as @unhurried:example.org")
        }
        let prefix = environment["MATRIX_COMMAND_PREFIX"] ?? "!"
        guard !prefix.isEmpty, prefix.count <= 3, !prefix.contains(where: { $0.isWhitespace || $0.isLetter || $0.isNumber }) else {
            throw .invalidVariable(name: "MATRIX_COMMAND_PREFIX", reason: "expected one to three punctuation characters such as ! or ?")
        }
        guard value("MATRIX_AS_TOKEN") != value("MATRIX_HS_TOKEN") else {
            throw .invalidVariable(name: "MATRIX_HS_TOKEN", reason: "must differ from MATRIX_AS_TOKEN, or either side could act as the other")
        }
        let servers = Set(value("MATRIX_ALLOWED_SERVERS").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        self.init(
            homeserverURL: url, applicationServiceToken: value("MATRIX_AS_TOKEN"), homeserverToken: value("MATRIX_HS_TOKEN"),
            bot: ChatUserID(bot), commandPrefix: prefix, allowedServers: servers.isEmpty ? nil : servers)
    }
}
