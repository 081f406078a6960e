import Foundation
import UnhurriedCore

extension InMemoryStore {
    public func recordInboundEvent(_ eventID: String, platform: String, at: Date) async throws -> Bool {
        try transaction { database in
            let event = InMemoryDatabase.InboundEvent(platform: platform, eventID: eventID)
            guard database.inboundEvents[event] == nil else { return false }
            database.inboundEvents[event] = at.storedInstant
            return true
        }
    }

    public func forgetInboundEvent(_ eventID: String, platform: String) async throws {
        try transaction { _ = $0.inboundEvents.removeValue(forKey: InMemoryDatabase.InboundEvent(platform: platform, eventID: eventID)) }
    }

    public func forgetInboundEvents(recordedBefore instant: Date) async throws -> Int {
        try transaction { database in
            let old = database.inboundEvents.filter { $0.value < instant }.keys
            for event in old { database.inboundEvents.removeValue(forKey: event) }
            return old.count
        }
    }
}
