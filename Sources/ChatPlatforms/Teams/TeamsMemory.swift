import Foundation
import Synchronization
import UnhurriedCore

/// What the Teams adapter learns from activities and needs later, kept in the store (so a reminder can be posted after
/// a restart, from any replica) with a copy in memory, so an unchanged reference costs no write.
///
/// Keys: `conversation:<channel>` a conversation reference; `service:<tenant>` the tenant's Bot Connector, for a chat
/// not yet opened; `name:<user>` a display name; `zone:<user>` the zone a person's Teams client reported.
final class TeamsMemory: Sendable {
    private let store: any PlatformMemory
    private let clock: @Sendable () -> Date
    private let known = Mutex<[String: String]>([:])

    init(store: any PlatformMemory, clock: @escaping @Sendable () -> Date = { Date() }) {
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
        if let value = known.withLock({ $0[key] }) { return value }
        let value = try await store.recall(key, platform: TeamsPlatform.name)
        if let value { known.withLock { $0[key] = value } }
        return value
    }

    private func remember(_ value: String, as key: String) async throws {
        guard known.withLock({ $0[key] }) != value else { return }
        try await store.remember(value, as: key, platform: TeamsPlatform.name, at: clock())
        known.withLock { $0[key] = value }
    }
}
