import ChatPlatforms
import Foundation
import UnhurriedCore

/// A chat platform is enabled when its secrets are in the environment; otherwise the variables it lacks.
public enum PlatformAvailability<Settings: Sendable>: Sendable {
    case enabled(Settings)
    case disabled(missingVariables: [String])
}

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
        var apiBaseURL = SlackWebAPIClient.defaultBaseURL
        if let text = environment["SLACK_API_URL"], !text.isEmpty {
            guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()), url.host != nil
            else { throw .invalidVariable(name: "SLACK_API_URL", reason: "expected an http(s) URL such as https://slack.com/api") }
            apiBaseURL = url
        }
        return .enabled(SlackSettings(signingSecrets: secrets, botToken: token, apiBaseURL: apiBaseURL))
    }
}

public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var slack: PlatformAvailability<SlackSettings>
    /// The policy file to watch and reload; nil when the built-in policy is in force.
    public var policyFile: String?
    /// Whether the scheduler and the delivery worker run as services beside the server. Tests and `simulate`
    /// turn them off and drive the same workers themselves, in virtual time.
    public var runsBackgroundWorkers: Bool
    /// How failed posts are retried, and after how many attempts they are parked as dead.
    public var retryPolicy = DeliveryRetryPolicy()

    public init(
        host: String = "127.0.0.1", port: Int = 8080, slack: PlatformAvailability<SlackSettings>, policyFile: String? = nil,
        runsBackgroundWorkers: Bool = true
    ) {
        self.host = host
        self.port = port
        self.slack = slack
        self.policyFile = policyFile
        self.runsBackgroundWorkers = runsBackgroundWorkers
    }

    /// The outbound client of each enabled platform.
    public func transports(httpClient: any HTTPClient) -> [String: any ChatTransport] {
        var transports: [String: any ChatTransport] = [:]
        if case .enabled(let settings) = slack {
            transports[SlackPlatform.name] = SlackWebAPIClient(baseURL: settings.apiBaseURL, botToken: settings.botToken, http: httpClient)
        }
        return transports
    }
}

public enum ConfigurationError: Error, CustomStringConvertible, Equatable {
    case invalidVariable(name: String, reason: String)

    public var description: String {
        switch self {
        case .invalidVariable(let name, let reason): "environment variable \(name) is invalid: \(reason)"
        }
    }
}
