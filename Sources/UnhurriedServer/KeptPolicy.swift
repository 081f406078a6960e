import Foundation
import Logging
import UnhurriedCore

/// The text of the last valid policy file a replica ran on, kept in the store's key-value memory under the service's
/// own name (beside what the chat platforms keep under theirs), so a start on a broken file can run on it
/// (`StartingPolicy`). Replicas share it: the last to start or reload on a valid file sets it.
public enum KeptPolicy {
    static let owner = "unhurried"
    static let key = "valid_policy_file"

    /// Keeps `text`, a file the process now runs on. A failure costs only the fallback of a later start, so it is logged.
    public static func keep(_ text: String, in memory: any PlatformMemory, now: Date, logger: Logger) async {
        do {
            try await memory.remember(text, as: key, platform: owner, at: now)
        } catch {
            logger.warning("The policy in force could not be kept in the store for a later start", metadata: ["error": "\(error)"])
        }
    }

    /// The last kept text; nil when none was.
    static func recall(from memory: any PlatformMemory) async throws -> String? {
        try await memory.recall(key, platform: owner)
    }
}
