import Foundation

/// How a channel's asks of one tier were answered over a period, computed from their histories: how many were asked,
/// how long the first response took in each assignee's working time, how many came within the expected time, and
/// what is overdue now.
public struct ResponseStatistics: Sendable, Equatable {
    public var channel: ChatChannel
    public var tier: String
    /// Asks created in the period.
    public var asksCreated: Int
    /// First responses to those asks (one per assignee who responded).
    public var responses: Int
    public var medianTimeToFirstResponse: Duration?
    public var p90TimeToFirstResponse: Duration?
    /// Of the assignments whose deadline has passed or that were answered: the share answered by the deadline.
    public var shareWithinExpectation: Double?
    /// Open assignments past their deadline without a response, whenever they were asked.
    public var overdueNow: Int

    /// One entry per channel and tier, ordered by channel and tier. `histories` are the items created since `since`
    /// and every open item; `hours` gives an assignee's working time in a channel.
    public static func compute(
        _ histories: [ItemHistory], since: Date, now: Date, hours: (ChatUserID, ChatChannel) -> WorkingHours
    ) -> [ResponseStatistics] {
        struct Key: Hashable { var channel: ChatChannel; var tier: String }
        var asked: [Key: Int] = [:]
        var times: [Key: [Duration]] = [:]
        var judged: [Key: (within: Int, all: Int)] = [:]
        var overdue: [Key: Int] = [:]
        for history in histories where history.item.kind == .ask {
            let item = history.item
            let key = Key(channel: item.channel, tier: item.tierName)
            let inPeriod = item.createdAt >= since
            if inPeriod { asked[key, default: 0] += 1 }
            // Withdrawn or closed by the asker: from then on nobody owed an answer.
            let closedAt = history.events.first { $0.kind == .cancelled || ($0.kind == .done && $0.actor == item.author) }?.at
            for assignment in item.assignments {
                let response = history.firstResponse(of: assignment.assignee)
                if inPeriod, let response {
                    let calendar = WorkingCalendar(hours: hours(assignment.assignee, item.channel))
                    times[key, default: []].append(calendar.workingTime(from: item.createdAt, to: response))
                }
                // An ask still within its time says nothing yet about keeping to it, nor does one withdrawn before its
                // deadline.
                let owedAtDeadline = closedAt.map { $0 > assignment.dueAt } ?? true
                if inPeriod, response != nil || (assignment.dueAt <= now && owedAtDeadline) {
                    let kept = response.map { $0 <= assignment.dueAt } ?? false
                    judged[key, default: (0, 0)].within += kept ? 1 : 0
                    judged[key, default: (0, 0)].all += 1
                }
                if item.status == .open, assignment.status == .open, response == nil, assignment.dueAt <= now {
                    overdue[key, default: 0] += 1
                }
            }
        }
        let keys = Set(asked.keys).union(overdue.keys)
        return keys.sorted { ($0.channel.platform, $0.channel.workspaceID, $0.channel.channelID, $0.tier)
            < ($1.channel.platform, $1.channel.workspaceID, $1.channel.channelID, $1.tier) }.map { key in
            let sorted = (times[key] ?? []).sorted()
            let share = judged[key].flatMap { $0.all == 0 ? nil : Double($0.within) / Double($0.all) }
            return ResponseStatistics(
                channel: key.channel, tier: key.tier, asksCreated: asked[key] ?? 0, responses: sorted.count,
                medianTimeToFirstResponse: percentile(sorted, 0.5), p90TimeToFirstResponse: percentile(sorted, 0.9),
                shareWithinExpectation: share, overdueNow: overdue[key] ?? 0)
        }
    }

    /// The nearest-rank percentile: the smallest value at least `fraction` of the values do not exceed.
    static func percentile(_ sorted: [Duration], _ fraction: Double) -> Duration? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count, rank) - 1)]
    }
}
