import Foundation
import Synchronization
import UnhurriedCore

/// What the Teams adapter learns from activities and needs later, kept in the store (so a reminder can be posted after
/// a restart, from any replica) with a copy in memory for a few minutes, so an unchanged reference costs no write and
/// what another replica learnt is read again soon.
///
/// Keys: `conversation:<channel>` a conversation reference; `service:<tenant>` the tenant's Bot Connector, for a chat
/// not yet opened; `name:<user>` a display name; `zone:<user>` the zone a person's Teams client reported.
final class TeamsMemory: Sendable {
    /// How long a value is trusted without reading the store again.
    static let freshFor: TimeInterval = 10 * 60
    /// Past this many values the copy starts again empty: every one of them is still in the store.
    static let mostKept = 10_000

    private let store: any PlatformMemory
    private let clock: any WallClock
    private let known = Mutex<[String: (value: String, at: Date)]>([:])

    init(store: any PlatformMemory, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    func reference(of channelID: String) async throws -> TeamsConversationReference? {
        try await recall("conversation:\(channelID)").flatMap { try? JSONDecoder().decode(TeamsConversationReference.self, from: Data($0.utf8)) }
    }

    func remember(_ reference: TeamsConversationReference, of channelID: String) async throws {
        let encoded = String(decoding: try JSONEncoder().encode(reference), as: UTF8.self)
        try await remember(encoded, as: "conversation:\(channelID)")
    }

    func serviceURL(ofTenant tenant: String) async throws -> String? { try await recall("service:\(tenant)") }
    func rememberServiceURL(_ url: String, ofTenant tenant: String) async throws { try await remember(url, as: "service:\(tenant)") }

    func name(of user: String) async throws -> String? { try await recall("name:\(user)") }
    func rememberName(_ name: String, of user: String) async throws { try await remember(name, as: "name:\(user)") }

    func zone(of user: String) async throws -> String? { try await recall("zone:\(user)") }
    func rememberZone(_ zone: String, of user: String) async throws { try await remember(zone, as: "zone:\(user)") }

    private func recall(_ key: String) async throws -> String? {
        if let value = fresh(key) { return value }
        let value = try await store.recall(key, platform: TeamsPlatform.name)
        if let value { keep(value, as: key) }
        return value
    }

    private func remember(_ value: String, as key: String) async throws {
        guard fresh(key) != value else { return }
        try await store.remember(value, as: key, platform: TeamsPlatform.name, at: clock.now)
        keep(value, as: key)
    }

    private func fresh(_ key: String) -> String? {
        let now = clock.now
        return known.withLock { known in known[key].flatMap { now.timeIntervalSince($0.at) < Self.freshFor ? $0.value : nil } }
    }

    private func keep(_ value: String, as key: String) {
        let now = clock.now
        known.withLock { known in
            if known.count >= Self.mostKept { known.removeAll(keepingCapacity: true) }
            known[key] = (value, now)
        }
    }
}
