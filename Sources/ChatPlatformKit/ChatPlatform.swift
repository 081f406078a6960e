import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnhurriedCore

/// One chat platform, enabled with its settings. Everything a platform contributes — the variables it reads, its
/// verified routes, its clients, its listeners and its own subcommands — comes through this protocol, so adding a
/// platform is its folder and one line in `RegisteredPlatforms`.
public protocol ChatPlatform: Sendable {
    associatedtype Settings: PlatformSettings

    /// The platform's key in channel references, the store and metrics ("slack").
    static var name: String { get }
    /// How logs and hints name it ("Slack").
    static var displayName: String { get }
    /// Where its inbound routes are mounted ("slack" serves `/slack/…`).
    static var routePath: String { get }
    /// Every environment variable it reads, for `serve --help`; the required ones enable it.
    static var environmentVariables: [EnvironmentVariable] { get }
    /// Subcommands of `unhurried` it brings, such as one that prints a registration file.
    static var commands: [any ParsableCommand.Type] { get }

    init(settings: Settings)

    /// What the log says about the platform when the server starts (never a secret).
    var summary: Logger.Metadata { get }

    /// Makes the platform's clients, once per server: the delivery worker, the routes and the listeners share
    /// them, so what a client learns (usernames, direct rooms, the bot's id) is learnt once. What must outlive the
    /// process, or reach the other replicas, goes into `memory`.
    func connect(http: any OutboundHTTPClient, memory: any PlatformMemory) -> any PlatformConnection
}

extension ChatPlatform {
    public static var commands: [any ParsableCommand.Type] { [] }

    /// Enabled with the settings in `environment`, or disabled with the required variables missing from it. Throws
    /// when a variable is set but cannot be used.
    public static func fromEnvironment(_ environment: [String: String]) throws(ConfigurationError) -> PlatformAvailability {
        let missing = missingVariables(in: environment)
        guard missing.isEmpty else { return .disabled(Self.self, missingVariables: missing) }
        return .enabled(Self(settings: try Settings(environment: environment)))
    }

    /// The required variables `environment` lacks (empty or blank counts as missing).
    public static func missingVariables(in environment: [String: String]) -> [String] {
        environmentVariables.filter(\.isRequired).map(\.name).filter {
            environment[$0]?.trimmingCharacters(in: .whitespaces).isEmpty ?? true
        }
    }
}

/// What a platform reads from the environment.
public protocol PlatformSettings: Sendable {
    /// Reads the settings from `environment`, which has every required variable; throws when one cannot be used.
    init(environment: [String: String]) throws(ConfigurationError)
}

/// A platform's clients and what it runs, made by `ChatPlatform.connect`.
public protocol PlatformConnection: Sendable {
    /// Posts into the platform.
    var transport: any ChatTransport { get }
    /// Reads the time zones in people's profiles; nil where profiles have none.
    var directory: (any UserDirectory)? { get }
    /// Says who may read a channel; nil where the bot cannot tell, and a decision search stays in one channel.
    var channelDirectory: (any ChannelDirectory)? { get }
    /// Reads back a message people reacted to, to track it as an ask; nil where messages cannot be read.
    var messages: (any MessageReader)? { get }
    /// Adds the platform's routes, each behind the platform's own verification, to the group at its `routePath`.
    func registerRoutes(on group: RouterGroup<BasicRequestContext>, host: any PlatformHost)
    /// Long-running work beside the server, such as a WebSocket listener; run only where background workers run.
    func backgroundServices(host: any PlatformHost, logger: Logger) -> [any Service]
}

extension PlatformConnection {
    public var directory: (any UserDirectory)? { nil }
    public var channelDirectory: (any ChannelDirectory)? { nil }
    public var messages: (any MessageReader)? { nil }
    public func backgroundServices(host: any PlatformHost, logger: Logger) -> [any Service] { [] }
}

/// An environment variable a platform reads.
public struct EnvironmentVariable: Sendable {
    public var name: String
    public var help: String
    /// Whether the platform stays disabled without it.
    public var isRequired: Bool

    public init(_ name: String, required: Bool = false, _ help: String) {
        self.name = name
        self.help = help
        self.isRequired = required
    }
}

/// A chat platform is enabled when its settings are in the environment; otherwise the variables it lacks.
public enum PlatformAvailability: Sendable {
    case enabled(any ChatPlatform)
    case disabled(any ChatPlatform.Type, missingVariables: [String])

    public var platformType: any ChatPlatform.Type {
        switch self {
        case .enabled(let platform): type(of: platform)
        case .disabled(let type, _): type
        }
    }
}
