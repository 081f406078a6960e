import ChatPlatformKit
import ChatPlatforms
import DecisionPublishers
import Foundation
import UnhurriedCore

public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Every registered platform, enabled or with the variables that would enable it.
    public var platforms: [PlatformAvailability]
    /// `UNHURRIED_ADMIN_TOKEN`: what `/admin/…` requests must present; without one they are all refused.
    public var adminToken: String?
    /// `UNHURRIED_ADMIN_COOKIE_SECURE`: whether the admin cookies are `Secure`; nil decides by `host` (see
    /// `AdminCookieSecurity`).
    public var adminCookieSecure: Bool?
    /// How far apart wrong admin tokens are answered (see `WrongTokenPacer`).
    public var wrongAdminTokenSpacing: Duration = .seconds(1)
    /// The clock wrong admin tokens wait on; tests pass one that does not really sleep.
    package var wrongAdminTokenClock: any Clock<Duration> = ContinuousClock()
    /// The policy file to watch and reload; nil when the built-in policy is in force.
    public var policyFile: String?
    /// The policy file's text as the policy in force was parsed from it, and when; nil: as the file is when the
    /// application is built.
    public var policyText: String?
    public var policyLoadedAt: Date?
    /// The file's problems when it was refused at start and the last valid policy kept in the store is in force
    /// (`StartingPolicy`): shown on the admin page and counted as a rejected reload.
    public var policyFileRefusedAtStart: String?
    /// Whether the scheduler and the delivery worker run as services beside the server. Tests and `simulate`
    /// turn them off and drive the same workers themselves, in virtual time.
    public var runsBackgroundWorkers: Bool
    /// How failed posts are retried, and after how many attempts they are parked as dead.
    public var retryPolicy = DeliveryRetryPolicy()
    /// The secrets of the policy's publication targets (`UNHURRIED_CONFLUENCE_TOKEN`…).
    public var publishingCredentials = PublishingCredentials()
    /// How long a command waits for the profile of someone the store does not know yet; past it the team's zone stands
    /// in and the deadline is planned again when the profile answers.
    public var profileLookupBudget = Duration.milliseconds(300)

    /// `enabled` platforms are served; every other registered one is mounted as disabled, naming what it lacks.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, enabled: [any ChatPlatform], policyFile: String? = nil, runsBackgroundWorkers: Bool = true
    ) {
        let enabledNames = Set(enabled.map { type(of: $0).name })
        self.init(
            host: host, port: port,
            platforms: enabled.map { .enabled($0) } + RegisteredPlatforms.all.filter { !enabledNames.contains($0.name) }.map {
                .disabled($0, missingVariables: $0.environmentVariables.filter(\.isRequired).map(\.name))
            },
            policyFile: policyFile, runsBackgroundWorkers: runsBackgroundWorkers)
    }

    public init(host: String, port: Int, platforms: [PlatformAvailability], policyFile: String?, runsBackgroundWorkers: Bool = true) {
        self.host = host
        self.port = port
        self.platforms = platforms
        self.policyFile = policyFile
        self.runsBackgroundWorkers = runsBackgroundWorkers
    }

    /// Shorter tokens could be guessed: the admin token is the only secret between the internet and the admin page.
    public static let shortestAdminToken = 32

    /// `UNHURRIED_ADMIN_TOKEN`; nil when unset or empty.
    public static func adminToken(from environment: [String: String]) throws(ConfigurationError) -> String? {
        guard let token = environment["UNHURRIED_ADMIN_TOKEN"], !token.isEmpty else { return nil }
        guard token.count >= shortestAdminToken else {
            throw .invalidVariable(
                name: "UNHURRIED_ADMIN_TOKEN", reason: "it must be at least \(shortestAdminToken) characters (try `openssl rand -hex 32`)")
        }
        return token
    }

    /// `UNHURRIED_ADMIN_COOKIE_SECURE`: `true` or `false`; nil when unset or empty.
    public static func adminCookieSecure(from environment: [String: String]) throws(ConfigurationError) -> Bool? {
        guard let text = environment["UNHURRIED_ADMIN_COOKIE_SECURE"], !text.isEmpty else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .invalidVariable(name: "UNHURRIED_ADMIN_COOKIE_SECURE", reason: "expected true or false")
        }
    }

    /// Every registered platform as `environment` configures it.
    public static func platforms(from environment: [String: String]) throws(ConfigurationError) -> [PlatformAvailability] {
        var platforms: [PlatformAvailability] = []
        for platform in RegisteredPlatforms.all { platforms.append(try platform.fromEnvironment(environment)) }
        return platforms
    }
}
