import Foundation

/// Composes a person's daily nudge when the delivery worker sends it, from the asks waiting on them then: an ask
/// answered since the nudge was queued is not listed, and a nudge with nothing left to list is not sent.
public struct DailyNudges: Sendable {
    private let store: any ItemStore & PeopleStore
    private let livePolicy: LivePolicy

    public init(store: any ItemStore & PeopleStore, policy: LivePolicy) {
        self.store = store
        livePolicy = policy
    }

    /// The nudge due at `instant` to `person`; nil when nothing in daily mode waits on them.
    public func nudge(to person: ChatUserID, in workspace: WorkspaceRef, dueAt instant: Date) async throws -> ChatMessage? {
        let policy = livePolicy.current
        let planner = FollowUpPlanner(policy: policy)
        let personal = try await store.settings(of: [person], in: workspace)[person]
        let waiting = try await store.openItems(assignedTo: person, in: workspace).compactMap { item -> (item: Item, assignment: Assignment)? in
            guard let assignment = item.assignment(of: person) else { return nil }
            let hours = policy.workingHours(for: person, inChannel: item.channel.channelID, personal: personal)
            guard planner.listsInDailyNudge(item, assignment: assignment, hours: hours, ownNudges: personal?.nudges, at: instant) else { return nil }
            return (item, assignment)
        }
        guard !waiting.isEmpty else { return nil }
        let earliestFirst = waiting.sorted { ($0.assignment.dueAt, $0.item.id.rawValue) < ($1.assignment.dueAt, $1.item.id.rawValue) }
        return MessageComposer.dailyNudge(earliestFirst, to: person, at: instant)
    }
}
