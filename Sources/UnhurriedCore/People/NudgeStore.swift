import Foundation

/// When an assignment is next owed a follow-up, planned again at `plannedAt` because its assignee chose another way to
/// be reminded. It applies only while the item is still at `itemVersion`: a change to the item meanwhile planned its own.
public struct FollowUpReplan: Sendable, Equatable {
    public var itemID: ItemID
    public var itemVersion: Int
    public var assignee: ChatUserID
    /// Follow-ups up to this instant count as handled: none that fell before the change is sent late.
    public var plannedAt: Date
    public var nextFollowUpAt: Date?

    public init(itemID: ItemID, itemVersion: Int, assignee: ChatUserID, plannedAt: Date, nextFollowUpAt: Date?) {
        self.itemID = itemID
        self.itemVersion = itemVersion
        self.assignee = assignee
        self.plannedAt = plannedAt
        self.nextFollowUpAt = nextFollowUpAt
    }
}

/// People's choice of how they are reminded (`/hours nudges daily|each`).
public protocol NudgeStore: Sendable {
    /// Records the person's choice and, in the same transaction, the replanned follow-ups of their open asks; a replan
    /// whose item changed since it was read is left out. Time away and hours are kept.
    func saveNudges(_ mode: NudgeMode, of user: ChatUserID, in workspace: WorkspaceRef, replanning: [FollowUpReplan]) async throws
}
