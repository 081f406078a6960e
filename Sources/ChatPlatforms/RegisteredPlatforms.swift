import ChatPlatformKit

/// The chat platforms Unhurried serves: the one place a platform is registered. `serve` reads each one's settings,
/// mounts its routes (or a 503 naming what it lacks), runs its clients and listeners, and lists its variables and
/// subcommands in its help.
public enum RegisteredPlatforms {
    public static let all: [any ChatPlatform.Type] = [
        SlackPlatform.self, MattermostPlatform.self, MatrixPlatform.self, TeamsPlatform.self, DiscordPlatform.self,
    ]

    /// Their names, as channels, the store and the policy file's `platform:` keys say them.
    public static var names: [String] { all.map { $0.name } }
}
