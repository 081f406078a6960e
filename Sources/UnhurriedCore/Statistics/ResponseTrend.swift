import Foundation

/// A channel's asks of one tier week by week: what the admin page charts. Each week's figures are `/stats`'s for the
/// asks created in that week, so the chart and the command never disagree.
public struct ResponseTrend: Sendable, Equatable {
    public static let week: TimeInterval = 7 * 86_400

    public struct Week: Sendable, Equatable {
        /// The week runs seven days from here.
        public var start: Date
        public var asksCreated: Int
        /// In the assignees' working time.
        public var medianTimeToFirstResponse: Duration?
        public var shareWithinExpectation: Double?
    }

    public var channel: ChatChannel
    public var tier: String
    /// Oldest first; the last one ends now.
    public var weeks: [Week]
    public var overdueNow: Int

    /// One trend per channel and tier that had asks in the period or has some overdue now, ordered as `/stats` orders
    /// them. `histories` are the items created in the period and every open item.
    public static func compute(
        _ histories: [ItemHistory], weeks count: Int, now: Date, hours: (ChatUserID, ChatChannel) -> WorkingHours
    ) -> [ResponseTrend] {
        struct Key: Hashable { var channel: ChatChannel; var tier: String }
        let starts = (0..<count).map { now.addingTimeInterval(-Double(count - $0) * week) }
        let perWeek = starts.enumerated().map { index, start in
            // The last week takes in what is open from before the period, for what is overdue now.
            let end = index == count - 1 ? Date.distantFuture : start.addingTimeInterval(week)
            return ResponseStatistics.compute(histories.filter { $0.item.createdAt < end }, since: start, now: now, hours: hours)
        }
        var order: [Key] = []
        var trends: [Key: ResponseTrend] = [:]
        for (index, figures) in perWeek.enumerated() {
            for entry in figures {
                let key = Key(channel: entry.channel, tier: entry.tier)
                if trends[key] == nil {
                    order.append(key)
                    trends[key] = ResponseTrend(
                        channel: key.channel, tier: key.tier,
                        weeks: starts.map { Week(start: $0, asksCreated: 0, medianTimeToFirstResponse: nil, shareWithinExpectation: nil) },
                        overdueNow: 0)
                }
                trends[key]?.weeks[index] = Week(
                    start: starts[index], asksCreated: entry.asksCreated, medianTimeToFirstResponse: entry.medianTimeToFirstResponse,
                    shareWithinExpectation: entry.shareWithinExpectation)
                if index == count - 1 { trends[key]?.overdueNow = entry.overdueNow }
            }
        }
        return order.sorted { ($0.channel.platform, $0.channel.workspaceID, $0.channel.channelID, $0.tier)
            < ($1.channel.platform, $1.channel.workspaceID, $1.channel.channelID, $1.tier) }.compactMap { trends[$0] }
    }
}
