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
        var settings: [WorkspaceRef: [ChatUserID: PersonalSettings]] = [:]
        for (workspace, inWorkspace) in Dictionary(grouping: histories, by: { $0.item.channel.workspace }) {
            let people = Set(inWorkspace.flatMap { $0.item.assignments.map(\.assignee) })
            settings[workspace] = try await store.settings(of: people.sorted { $0.rawValue < $1.rawValue }, in: workspace)
        }
        return ResponseStatistics.compute(histories, since: since, now: now) { person, channel in
            policy.workingHours(for: person, inChannel: channel.channelID, personal: settings[channel.workspace]?[person])
        }
    }
}
