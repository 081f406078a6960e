import Foundation

/// Reads the team's latest asks and what their assignees set themselves, and compares a candidate policy with the
/// policy in force on them.
public struct PolicyRehearsal: Sendable {
    /// How many of the latest asks a rehearsal looks at.
    public static let askLimit = 200
    /// How far back it looks for them: the admin page's twelve weeks.
    public static let lookBack: TimeInterval = 12 * ResponseTrend.week

    private let store: any HistoryStore & PeopleStore

    public init(store: any HistoryStore & PeopleStore) {
        self.store = store
    }

    public func compare(current: ResponsePolicy, candidate: ResponsePolicy, now: Date) async throws -> PolicyComparison {
        let asks = try await store.itemHistories(
            HistoryQuery(createdSince: now.addingTimeInterval(-Self.lookBack), asksOnly: true, latest: Self.askLimit))
        let personal = try await store.settings(ofAssigneesIn: asks)
        return PolicyComparison.compare(asks, current: current, candidate: candidate, personal: personal)
    }
}
