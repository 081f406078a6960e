import ChatPlatformKit
import Crypto
import Foundation
import UnhurriedCore

/// Discord: an application whose slash commands and buttons Discord posts to Unhurried's interactions endpoint, signed
/// with the application's Ed25519 key; posts go out through the REST API as the application's bot.
public struct DiscordSettings: PlatformSettings {
    /// The application's id: interaction follow-ups and command registration are addressed by it.
    public var applicationID: String
    /// The key Discord signs interactions with, as the developer portal shows it.
    public var publicKey: Curve25519.Signing.PublicKey
    public var botToken: String
    /// Discord's REST API, versioned; a test points it at a local fake.
    public var apiURL: URL
    /// How long a command may take before its answer is deferred: Discord gives an interaction three seconds.
    public var answerBudget: Duration = .milliseconds(2_500)

    public static let defaultAPIURL = URL(string: "https://discord.com/api/v10")!

    public init(applicationID: String, publicKey: Curve25519.Signing.PublicKey, botToken: String, apiURL: URL = Self.defaultAPIURL) {
        self.applicationID = applicationID
        self.publicKey = publicKey
        self.botToken = botToken
        self.apiURL = apiURL
    }

    /// Reads `DISCORD_APPLICATION_ID`, `DISCORD_PUBLIC_KEY` (64 hex digits), `DISCORD_BOT_TOKEN` and the optional
    /// `DISCORD_API_URL`.
    public init(environment: [String: String]) throws(ConfigurationError) {
        func value(_ name: String) -> String { environment[name]?.trimmingCharacters(in: .whitespaces) ?? "" }
        let applicationID = value("DISCORD_APPLICATION_ID")
        guard DiscordText.isSnowflake(applicationID) else {
            throw .invalidVariable(name: "DISCORD_APPLICATION_ID", reason: "expected the application's numeric id, e.g. 1234567890123456789")
        }
        guard let key = Self.publicKey(hex: value("DISCORD_PUBLIC_KEY")) else {
            throw .invalidVariable(
                name: "DISCORD_PUBLIC_KEY", reason: "expected the 64 hex digits the developer portal shows as the application's public key")
        }
        let apiURL = try ConfigurationError.webURL(value("DISCORD_API_URL"), named: "DISCORD_API_URL", example: Self.defaultAPIURL.absoluteString)
        self.init(applicationID: applicationID, publicKey: key, botToken: value("DISCORD_BOT_TOKEN"), apiURL: apiURL ?? Self.defaultAPIURL)
    }

    public static func publicKey(hex: String) -> Curve25519.Signing.PublicKey? {
        guard let bytes = Hex.bytes(hex[...]), bytes.count == 32 else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)
    }
}
