import ChatPlatformKit
import Crypto
import Foundation
import UnhurriedCore

/// Mattermost: custom slash commands and message buttons call Unhurried; posts go out through the REST API as a bot.
public struct MattermostSettings: PlatformSettings {
    public var serverURL: URL
    public var botToken: String
    /// Each team's command tokens (one per slash command the team registered), by team id.
    public var commandTokens: [String: [String]]
    /// Where Mattermost posts button clicks (Unhurried's `/mattermost/actions` as Mattermost reaches it); without it,
    /// posts have no buttons and say what to type instead.
    public var actionsURL: URL?
    /// Signs what each button does, so a click is honoured only for buttons Unhurried rendered.
    public var actionsSecret: String
    /// Mattermost's WebSocket, where replies and reactions arrive: the server's `/api/v4/websocket`.
    public var eventsURL: URL

    public init(serverURL: URL, botToken: String, commandTokens: [String: [String]], actionsURL: URL? = nil, actionsSecret: String? = nil) {
        self.serverURL = serverURL
        self.botToken = botToken
        self.commandTokens = commandTokens
        self.actionsURL = actionsURL
        self.actionsSecret = actionsSecret ?? Self.derivedSecret(from: botToken)
        eventsURL = Self.webSocketURL(of: serverURL)
    }

    /// `https://…` → `wss://…/api/v4/websocket`; `http://…` → `ws://…`.
    static func webSocketURL(of serverURL: URL) -> URL {
        var text = serverURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        if text.lowercased().hasPrefix("https://") {
            text = "wss://" + text.dropFirst("https://".count)
        } else if text.lowercased().hasPrefix("http://") {
            text = "ws://" + text.dropFirst("http://".count)
        }
        return URL(string: text + "/api/v4/websocket")!
    }

    /// Reads `MATTERMOST_URL`, `MATTERMOST_BOT_TOKEN`, `MATTERMOST_COMMAND_TOKENS` (`team_id:token`, comma-separated)
    /// and the optional `MATTERMOST_ACTIONS_URL` and `MATTERMOST_ACTIONS_SECRET`.
    public init(environment: [String: String]) throws(ConfigurationError) {
        func value(_ name: String) -> String { environment[name]?.trimmingCharacters(in: .whitespaces) ?? "" }
        let serverURL = try ConfigurationError.requiredWebURL(
            value("MATTERMOST_URL"), named: "MATTERMOST_URL", example: "https://mattermost.example.com")
        var tokens: [String: [String]] = [:]
        for entry in value("MATTERMOST_COMMAND_TOKENS").split(separator: ",") {
            let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .invalidVariable(
                    name: "MATTERMOST_COMMAND_TOKENS", reason: "expected team_id:token pairs separated by commas, e.g. 4xp9fdt7bb8o7jwb7hzsk3oiqe:9yexamplertoken")
            }
            tokens[parts[0], default: []].append(parts[1])
        }
        let actionsURL = try ConfigurationError.webURL(
            value("MATTERMOST_ACTIONS_URL"), named: "MATTERMOST_ACTIONS_URL", example: "https://unhurried.example.com/mattermost/actions")
        let secret = value("MATTERMOST_ACTIONS_SECRET")
        self.init(
            serverURL: serverURL, botToken: value("MATTERMOST_BOT_TOKEN"), commandTokens: tokens, actionsURL: actionsURL,
            actionsSecret: secret.isEmpty ? nil : secret)
    }

    /// Without a secret of its own, the buttons are signed with one derived from the bot token: every replica has it,
    /// and it is never sent anywhere.
    static func derivedSecret(from botToken: String) -> String {
        let key = SymmetricKey(data: Data(botToken.utf8))
        return Data(HMAC<SHA256>.authenticationCode(for: Data("unhurried mattermost actions".utf8), using: key)).base64EncodedString()
    }

    var signer: MattermostActionSigner { MattermostActionSigner(secret: actionsSecret) }

    var renderer: MattermostMessageRenderer {
        MattermostMessageRenderer(buttons: actionsURL.map { MattermostMessageRenderer.Buttons(url: $0, signer: signer) }, serverURL: serverURL)
    }

    /// The team whose command token `presented` is, compared in constant time with every configured token.
    func team(withCommandToken presented: String) -> String? {
        var team: String?
        for (teamID, tokens) in commandTokens {
            for token in tokens where SecretComparison.matches(presented, token) { team = teamID }
        }
        return team
    }
}
