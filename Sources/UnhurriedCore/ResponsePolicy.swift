import Foundation

/// How quickly an item of a tier should be answered.
public struct ResponseTier: Hashable, Sendable {
    public enum Counting: String, Hashable, Sendable, CaseIterable {
        /// Only the assignee's working hours count; a day is one working day.
        case working
        /// Every second counts and a day is 24 hours, for on-call style tiers.
        case calendar
    }

    public var name: String
    public var respondWithin: PolicyDuration
    public var counting: Counting

    public init(name: String, respondWithin: PolicyDuration, counting: Counting = .working) {
        self.name = name
        self.respondWithin = respondWithin
        self.counting = counting
    }
}

/// The team's response-time policy: tiers, the default tier, channel defaults and everyone's default hours.
public struct ResponsePolicy: Sendable {
    public var tiers: [ResponseTier]
    public var defaultTierName: String
    /// Default tier by channel id, where a channel differs from the team default.
    public var channelDefaultTiers: [String: String]
    public var workingHours: WorkingHours

    public init(tiers: [ResponseTier], defaultTierName: String, channelDefaultTiers: [String: String] = [:], workingHours: WorkingHours) {
        self.tiers = tiers
        self.defaultTierName = defaultTierName
        self.channelDefaultTiers = channelDefaultTiers
        self.workingHours = workingHours
    }

    /// Urgent within 4 working hours, standard within 1 working day, low within 3, Mon–Fri 09:00–17:00 UTC.
    public static let builtIn = ResponsePolicy(
        tiers: [
            ResponseTier(name: "urgent", respondWithin: PolicyDuration(seconds: 4 * 3600)),
            ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 1)),
            ResponseTier(name: "low", respondWithin: PolicyDuration(days: 3)),
        ],
        defaultTierName: "standard",
        workingHours: .standardUTC
    )

    public func tier(named name: String) -> ResponseTier? {
        tiers.first { $0.name == name }
    }

    /// The channel's own default tier if it has one, else the team's.
    public func defaultTier(forChannel channelID: String) -> ResponseTier {
        channelDefaultTiers[channelID].flatMap(tier(named:)) ?? tier(named: defaultTierName) ?? tiers[0]
    }

    /// When someone working `workingHours` should have answered an item of `tier` created at `createdAt`.
    public func deadline(for tier: ResponseTier, createdAt: Date, workingHours: WorkingHours? = nil) -> Date {
        let hours = workingHours ?? self.workingHours
        switch tier.counting {
        case .calendar:
            return createdAt.addingTimeInterval(tier.respondWithin.length(workingDay: .seconds(86_400)).timeInterval)
        case .working:
            return WorkingCalendar(hours: hours).adding(tier.respondWithin.length(workingDay: hours.workingDayLength), to: createdAt)
        }
    }
}
