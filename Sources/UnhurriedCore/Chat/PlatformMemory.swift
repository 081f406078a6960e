import Foundation

/// What a platform adapter keeps about the chat it talks to, between restarts and across replicas: where to post into a
/// conversation and how to reach a person, learnt from what the platform sent (Teams' conversation references, the
/// names and time zones its activities carry). Values by key, each platform under its own name; the service keeps the
/// last valid policy file (a few KiB) under its own, `unhurried`.
public protocol PlatformMemory: Sendable {
    /// Keeps `value` under `key`, replacing what was kept there.
    func remember(_ value: String, as key: String, platform: String, at instant: Date) async throws
    /// What was last kept under `key`; nil when nothing was.
    func recall(_ key: String, platform: String) async throws -> String?
}
