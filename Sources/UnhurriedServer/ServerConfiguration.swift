import ChatPlatforms
import Foundation
import UnhurriedCore

/// A chat platform is enabled when its secrets are in the environment; otherwise the variables it lacks.
public enum PlatformAvailability<Settings: Sendable>: Sendable {
    case enabled(Settings)
    case disabled(missingVariables: [String])
}

public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var slack: PlatformAvailability<SlackSettings>
    public var matrix: PlatformAvailability<MatrixSettings>
    public var mattermost: PlatformAvailability<MattermostSettings>
    /// `UNHURRIED_ADMIN_TOKEN`: what `/admin/…` requests must present; without one they are all refused.
    public var adminToken: String?
    /// The policy file to watch and reload; nil when the built-in policy is in force.
    public var policyFile: String?
    /// Whether the scheduler and the delivery worker run as services beside the server. Tests and `simulate`
    /// turn them off and drive the same workers themselves, in virtual time.
    public var runsBackgroundWorkers: Bool
    /// How failed posts are retried, and after how many attempts they are parked as dead.
    public var retryPolicy = DeliveryRetryPolicy()

    public init(
        host: String = "127.0.0.1", port: Int = 8080, slack: PlatformAvailability<SlackSettings>,
        matrix: PlatformAvailability<MatrixSettings> = .disabled(missingVariables: MatrixSettings.variables),
        mattermost: PlatformAvailability<MattermostSettings> = .disabled(missingVariables: MattermostSettings.variables), policyFile: String? = nil,
        runsBackgroundWorkers: Bool = true
    ) {
        self.host = host
        self.port = port
        self.slack = slack
        self.matrix = matrix
        self.mattermost = mattermost
        self.policyFile = policyFile
        self.runsBackgroundWorkers = runsBackgroundWorkers
    }

    /// The clients of the enabled platforms, made once per server.
    public func clients(httpClient: any OutboundHTTPClient) -> PlatformClients {
        var clients = PlatformClients()
        if case .enabled(let settings) = slack {
            clients.transports[SlackPlatform.name] = SlackWebAPIClient(baseURL: settings.apiBaseURL, botToken: settings.botToken, http: httpClient)
            clients.directories[SlackPlatform.name] = SlackUserDirectory(baseURL: settings.apiBaseURL, botToken: settings.botToken, http: httpClient)
        }
        if case .enabled(let settings) = matrix {
            let client = MatrixClient(
                homeserverURL: settings.homeserverURL, accessToken: settings.applicationServiceToken, bot: settings.bot,
                commandPrefix: settings.commandPrefix, http: httpClient)
            clients.matrix = client
            clients.transports[MatrixPlatform.name] = client
            clients.directories[MatrixPlatform.name] = MatrixUserDirectory(
                homeserverURL: settings.homeserverURL, accessToken: settings.applicationServiceToken, http: httpClient)
        }
        if case .enabled(let settings) = mattermost {
            let client = MattermostClient(baseURL: settings.serverURL, botToken: settings.botToken, renderer: settings.renderer, http: httpClient)
            clients.mattermost = client
            clients.transports[MattermostPlatform.name] = client
            clients.directories[MattermostPlatform.name] = client
        }
        return clients
    }
}

/// The outbound side of the enabled platforms. Each platform's client is made once and shared by the delivery
/// worker, the routes and the event listener, so what it learns — usernames, direct rooms, its own id — is learned once.
public struct PlatformClients: Sendable {
    public var transports: [String: any ChatTransport] = [:]
    /// Asked for the time zones in people's profiles.
    public var directories: [String: any UserDirectory] = [:]
    public var matrix: MatrixClient?
    public var mattermost: MattermostClient?
}

public enum ConfigurationError: Error, CustomStringConvertible, Equatable {
    case invalidVariable(name: String, reason: String)

    public var description: String {
        switch self {
        case .invalidVariable(let name, let reason): "environment variable \(name) is invalid: \(reason)"
        }
    }

    /// The http(s) URL in variable `name`; nil when it is unset or empty.
    static func webURL(_ text: String?, named name: String, example: String) throws(ConfigurationError) -> URL? {
        guard let text, !text.isEmpty else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()), url.host != nil
        else { throw .invalidVariable(name: name, reason: "expected an http(s) URL such as \(example)") }
        return url
    }
}
