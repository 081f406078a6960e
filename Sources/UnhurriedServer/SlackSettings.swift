import ChatPlatforms
import Foundation

public struct SlackSettings: Sendable {
    /// More than one while a secret is being rotated.
    public var signingSecrets: [String]
    public var botToken: String
    public var apiBaseURL: URL

    public init(signingSecrets: [String], botToken: String, apiBaseURL: URL = SlackWebAPIClient.defaultBaseURL) {
        self.signingSecrets = signingSecrets
        self.botToken = botToken
        self.apiBaseURL = apiBaseURL
    }

    /// Reads `SLACK_SIGNING_SECRET` (comma-separated during a rotation), `SLACK_BOT_TOKEN` and `SLACK_API_URL`.
    public static func fromEnvironment(_ environment: [String: String]) throws(ConfigurationError) -> PlatformAvailability<SlackSettings> {
        let secrets = (environment["SLACK_SIGNING_SECRET"] ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let token = environment["SLACK_BOT_TOKEN"]?.trimmingCharacters(in: .whitespaces) ?? ""
        var missing: [String] = []
        if secrets.isEmpty { missing.append("SLACK_SIGNING_SECRET") }
        if token.isEmpty { missing.append("SLACK_BOT_TOKEN") }
        guard missing.isEmpty else { return .disabled(missingVariables: missing) }
        let apiBaseURL = try ConfigurationError.webURL(
            environment["SLACK_API_URL"], named: "SLACK_API_URL", example: "https://slack.com/api") ?? SlackWebAPIClient.defaultBaseURL
        return .enabled(SlackSettings(signingSecrets: secrets, botToken: token, apiBaseURL: apiBaseURL))
    }
}
