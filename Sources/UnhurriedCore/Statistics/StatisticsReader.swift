import Foundation

/// Reads the item histories a report covers and computes its figures, each response time counted in the assignee's
/// own working hours (their `/hours` and `/away` included).
public struct StatisticsReader: Sendable {
    private let store: any HistoryStore & PeopleStore
    private let policy: ResponsePolicy

    public init(store: any HistoryStore & PeopleStore, policy: ResponsePolicy) {
        self.store = store
        self.policy = policy
    }

    /// Figures per channel and tier for asks created in the last `days` days, plus what is overdue now; in one
    /// workspace or channel when given.
    public func figures(days: Int, workspace: WorkspaceRef? = nil, channelID: String? = nil, now: Date) async throws -> [ResponseStatistics] {
        let since = now.addingTimeInterval(-Double(days) * 86_400)
        let histories = try await store.itemHistories(
            HistoryQuery(createdSince: since, includingOpen: true, workspace: workspace, channelID: channelID))
        let settings = try await store.settings(ofAssigneesIn: histories)
        return ResponseStatistics.compute(histories, since: since, now: now) { hours(of: $0, in: $1, settings: settings) }
    }

    /// Per channel and tier, the figures of each of the last `weeks` weeks (seven days each, the last ending now) and
    /// what is overdue now.
    public func trends(weeks: Int, now: Date) async throws -> [ResponseTrend] {
        let since = now.addingTimeInterval(-Double(weeks) * ResponseTrend.week)
        let histories = try await store.itemHistories(HistoryQuery(createdSince: since, includingOpen: true))
        let settings = try await store.settings(ofAssigneesIn: histories)
        return ResponseTrend.compute(histories, weeks: weeks, now: now) { hours(of: $0, in: $1, settings: settings) }
    }

    private func hours(of person: ChatUserID, in channel: ChatChannel, settings: [WorkspaceRef: [ChatUserID: PersonalSettings]]) -> WorkingHours {
        policy.workingHours(for: person, inChannel: channel.channelID, personal: settings[channel.workspace]?[person])
    }
}
