import Foundation
import UnhurriedCore

/// The application-service registration a homeserver admin installs (`app_service_config_files` in Synapse): where
/// Unhurried listens, the two tokens, and the one user it speaks as.
public struct MatrixRegistration: Sendable {
    public var id: String
    /// Where the homeserver reaches Unhurried; it calls `{url}/_matrix/app/v1/…`.
    public var url: URL
    public var applicationServiceToken: String
    public var homeserverToken: String
    public var bot: ChatUserID

    public init(id: String, url: URL, applicationServiceToken: String, homeserverToken: String, bot: ChatUserID) {
        self.id = id
        self.url = url
        self.applicationServiceToken = applicationServiceToken
        self.homeserverToken = homeserverToken
        self.bot = bot
    }

    public var yaml: String {
        let localpart = bot.rawValue.dropFirst().prefix { $0 != ":" }
        return """
            # Matrix application-service registration for Unhurried. Install it on the homeserver (Synapse:
            # app_service_config_files) and give Unhurried the same tokens (MATRIX_AS_TOKEN, MATRIX_HS_TOKEN).
            id: \(quoted(id))
            url: \(quoted(url.absoluteString))
            as_token: \(quoted(applicationServiceToken))
            hs_token: \(quoted(homeserverToken))
            sender_localpart: \(quoted(String(localpart)))
            # The bot's own id only: Unhurried makes no other users, and people keep every other name.
            namespaces:
              users:
                - exclusive: true
                  regex: \(quoted("^" + NSRegularExpression.escapedPattern(for: bot.rawValue) + "$"))
              aliases: []
              rooms: []
            # Reminders are few and paced by Unhurried itself.
            rate_limited: false
            """
    }

    /// A double-quoted YAML scalar: safe for any token or URL.
    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
