import Foundation

/// An assignment's first response, for response-time figures.
public struct FirstResponse: Sendable {
    public var item: Item
    public var assignee: ChatUserID
    public var respondedAt: Date

    public init(item: Item, assignee: ChatUserID, respondedAt: Date) {
        self.item = item
        self.assignee = assignee
        self.respondedAt = respondedAt
    }
}
