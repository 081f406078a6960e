import Foundation
import UnhurriedCore

extension InMemoryStore {
    public func recordInboundEvent(_ eventID: String, platform: String, at _: Date) async throws -> Bool {
        try transaction { $0.inboundEvents.insert(InMemoryDatabase.InboundEvent(platform: platform, eventID: eventID)).inserted }
    }

    public func forgetInboundEvent(_ eventID: String, platform: String) async throws {
        try transaction { _ = $0.inboundEvents.remove(InMemoryDatabase.InboundEvent(platform: platform, eventID: eventID)) }
    }
}
