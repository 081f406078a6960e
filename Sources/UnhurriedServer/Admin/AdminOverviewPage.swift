import ChatPlatformKit
import Foundation
import UnhurriedCore

/// What the overview shows, ready for its template: team figures week by week, what is overdue and stuck now, each
/// platform's state and the policy in force.
struct AdminOverviewPage {
    static let weekCount = 12
    /// Dead posts listed under one reason; `unhurried outbox --dead` lists them all.
    static let deadPostsShown = 20

    struct Overdue {
        var channel: String
        var tier: String
        var count: Int
    }

    struct Week {
        var label: String
        var asks: Int
        var median: String
        var share: String
    }

    struct Trend {
        var channel: String
        var tier: String
        var medianChart: String
        var shareChart: String
        var weeks: [Week]
    }

    struct DeadPost {
        var id: Int64
        var kind: String
        var channel: String
        var attempts: Int
    }

    struct DeadReason {
        var reason: String
        var count: Int
        var posts: [DeadPost]
        /// How many more there are than are listed; nil when all are.
        var more: Int?
    }

    struct Platform {
        var name: String
        var state: String
        var lastSuccess: String
        var lastError: String
    }

    var csrf: String
    /// The layout shows the navigation only with a session.
    let signedIn = true
    var notice: String?
    var generatedAt: String
    var weekCount = Self.weekCount
    var overdueTotal: Int
    var hasOverdue: Bool
    var overdue: [Overdue]
    var pendingPosts: Int
    var deadPosts: Int
    var trends: [Trend]
    var deadReasons: [DeadReason]
    var platforms: [Platform]
    var policyFile: String
    var policyLoadedAt: String
    var policyTiers: String
    var policyError: String?
    var policyErrorAt: String?

    init(
        csrf: String, notice: String?, now: Date, trends: [ResponseTrend], backlog: [OutboxPost.Status: Int], dead: [DeadPostGroup],
        platforms: [PlatformAvailability], activity: PlatformActivity, policy: PolicyStatus.State, tiers: [ResponseTier]
    ) {
        self.csrf = csrf
        self.notice = notice
        generatedAt = AdminText.instant(now)
        overdue = trends.filter { $0.overdueNow > 0 }.map { Overdue(channel: AdminText.channel($0.channel), tier: $0.tier, count: $0.overdueNow) }
        overdueTotal = overdue.reduce(0) { $0 + $1.count }
        hasOverdue = !overdue.isEmpty
        pendingPosts = backlog[.pending] ?? 0
        deadPosts = backlog[.dead] ?? 0
        self.trends = trends.filter { $0.weeks.contains { $0.asksCreated > 0 } }.map(Self.trend)
        deadReasons = dead.map { (reason: $0.lastError ?? "no error recorded", group: $0) }
            .sorted { ($1.group.count, $0.reason) < ($0.group.count, $1.reason) }
            .map { reason, group in
                DeadReason(
                    reason: reason, count: group.count,
                    posts: group.newest.prefix(Self.deadPostsShown).map {
                        DeadPost(id: $0.id, kind: $0.kind.rawValue, channel: AdminText.channel($0.channel), attempts: $0.attempts)
                    },
                    more: group.count > Self.deadPostsShown ? group.count - Self.deadPostsShown : nil)
            }
        self.platforms = platforms.map { availability in
            switch availability {
            case .enabled(let platform):
                let name = type(of: platform).name
                let state = activity.state(of: name)
                return Platform(
                    name: type(of: platform).displayName, state: "enabled", lastSuccess: state.lastSuccessAt.map(AdminText.instant) ?? "none yet",
                    lastError: state.lastError.map { error in "\(error) (\(state.lastErrorAt.map(AdminText.instant) ?? ""))" } ?? "none")
            case .disabled(let kind, let missing):
                return Platform(
                    name: kind.displayName, state: "disabled: set \(missing.joined(separator: ", "))", lastSuccess: "", lastError: "")
            }
        }
        policyFile = policy.file ?? "built-in (no --config)"
        policyLoadedAt = AdminText.instant(policy.loadedAt)
        policyTiers = tiers.map { "\($0.name) \($0.respondWithin)" }.joined(separator: ", ")
        policyError = policy.lastReloadError
        policyErrorAt = policy.lastReloadErrorAt.map(AdminText.instant)
    }

    private static func trend(_ trend: ResponseTrend) -> Trend {
        let title = "\(AdminText.channel(trend.channel)) · \(trend.tier)"
        let medians = trend.weeks.map { $0.medianTimeToFirstResponse.map { Double($0.components.seconds) / 3600 } }
        let highest = max(1, medians.compactMap { $0 }.max() ?? 1).rounded(.up)
        let median = TrendChart(
            title: "\(title): median first response by week, in working hours",
            bars: trend.weeks.map { week in
                TrendChart.Bar(
                    label: AdminText.day(week.start), value: week.medianTimeToFirstResponse.map { Double($0.components.seconds) / 3600 },
                    text: week.medianTimeToFirstResponse.map(MessageComposer.durationText) ?? "no answers")
            },
            scale: highest, scaleLabel: "\(Int(highest))h")
        let share = TrendChart(
            title: "\(title): share answered within the expected time, by week",
            bars: trend.weeks.map { week in
                TrendChart.Bar(
                    label: AdminText.day(week.start), value: week.shareWithinExpectation,
                    text: week.shareWithinExpectation.map(AdminText.share) ?? "nothing to judge yet")
            },
            scale: 1, scaleLabel: "100%")
        return Trend(
            channel: AdminText.channel(trend.channel), tier: trend.tier, medianChart: median.svg, shareChart: share.svg,
            weeks: trend.weeks.map { week in
                Week(
                    label: AdminText.day(week.start), asks: week.asksCreated,
                    median: week.medianTimeToFirstResponse.map(MessageComposer.durationText) ?? "–",
                    share: week.shareWithinExpectation.map(AdminText.share) ?? "–")
            })
    }
}
