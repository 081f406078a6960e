import ChatPlatformKit
import Foundation

public struct SlackSettings: PlatformSettings {
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
    public init(environment: [String: String]) throws(ConfigurationError) {
        let secrets = (environment["SLACK_SIGNING_SECRET"] ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !secrets.isEmpty else {
            throw .invalidVariable(name: "SLACK_SIGNING_SECRET", reason: "expected one secret, or several separated by commas")
        }
        let token = environment["SLACK_BOT_TOKEN"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let apiBaseURL = try ConfigurationError.webURL(
            environment["SLACK_API_URL"], named: "SLACK_API_URL", example: "https://slack.com/api") ?? SlackWebAPIClient.defaultBaseURL
        self.init(signingSecrets: secrets, botToken: token, apiBaseURL: apiBaseURL)
    }
}
