import Foundation

/// How quickly an item of a tier should be answered.
public struct ResponseTier: Hashable, Sendable {
    public enum Counting: String, Hashable, Sendable {
        /// Only the assignee's working hours count.
        case working
        /// Every second counts, for on-call style tiers.
        case calendar
    }

    public var name: String
    public var respondWithin: Duration
    public var counting: Counting

    public init(name: String, respondWithin: Duration, counting: Counting = .working) {
        self.name = name
        self.respondWithin = respondWithin
        self.counting = counting
    }
}

/// The team's response-time policy: tiers, the default tier and everyone's default working hours.
public struct ResponsePolicy: Sendable {
    public var tiers: [ResponseTier]
    public var defaultTierName: String
    public var workingHours: WorkingHours

    public init(tiers: [ResponseTier], defaultTierName: String, workingHours: WorkingHours) {
        self.tiers = tiers
        self.defaultTierName = defaultTierName
        self.workingHours = workingHours
    }

    /// Urgent within 4 working hours, standard within 1 working day, low within 3, Mon–Fri 09:00–17:00 UTC.
    public static let builtIn = ResponsePolicy(
        tiers: [
            ResponseTier(name: "urgent", respondWithin: .seconds(4 * 3600)),
            ResponseTier(name: "standard", respondWithin: .seconds(8 * 3600)),
            ResponseTier(name: "low", respondWithin: .seconds(3 * 8 * 3600)),
        ],
        defaultTierName: "standard",
        workingHours: .standardUTC
    )

    public func tier(named name: String) -> ResponseTier? {
        tiers.first { $0.name == name }
    }

    public var defaultTier: ResponseTier {
        tier(named: defaultTierName) ?? tiers[0]
    }

    /// When `assignee` should have answered an item of `tier` created at `createdAt`.
    public func deadline(for tier: ResponseTier, createdAt: Date, workingHours: WorkingHours? = nil) -> Date {
        switch tier.counting {
        case .calendar:
            return createdAt.addingTimeInterval(tier.respondWithin.timeInterval)
        case .working:
            return WorkingCalendar(hours: workingHours ?? self.workingHours).adding(tier.respondWithin, to: createdAt)
        }
    }
}
