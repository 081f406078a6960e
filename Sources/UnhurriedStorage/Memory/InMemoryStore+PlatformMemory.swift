import Foundation
import UnhurriedCore

extension InMemoryStore {
    public func remember(_ value: String, as key: String, platform: String, at instant: Date) async throws {
        try transaction { $0.platformMemory[InMemoryDatabase.PlatformKey(platform: platform, key: key)] = value }
    }

    public func recall(_ key: String, platform: String) async throws -> String? {
        try transaction { $0.platformMemory[InMemoryDatabase.PlatformKey(platform: platform, key: key)] }
    }
}
