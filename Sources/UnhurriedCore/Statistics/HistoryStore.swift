import Foundation

/// What statistics and exports read: items with their whole history.
public protocol HistoryStore: Sendable {
    /// The items `query` selects, oldest first, each with its history.
    func itemHistories(_ query: HistoryQuery) async throws -> [ItemHistory]
}

/// Which items a report or an export reads.
public struct HistoryQuery: Sendable, Equatable {
    /// Items created at or after this instant; every item when nil.
    public var createdSince: Date?
    /// Also every ask still open, however old: what is overdue now counts whenever it was asked.
    public var includingOpen: Bool
    public var workspace: WorkspaceRef?
    public var channelID: String?
    /// One item, for `/show`.
    public var itemID: ItemID?
    /// Only asks, and not a meeting's pre-reads.
    public var asksOnly: Bool
    /// Only the latest this many of the items selected (still oldest first); all of them when nil.
    public var latest: Int?

    public init(
        createdSince: Date? = nil, includingOpen: Bool = false, workspace: WorkspaceRef? = nil, channelID: String? = nil, itemID: ItemID? = nil,
        asksOnly: Bool = false, latest: Int? = nil
    ) {
        self.createdSince = createdSince
        self.includingOpen = includingOpen
        self.workspace = workspace
        self.channelID = channelID
        self.itemID = itemID
        self.asksOnly = asksOnly
        self.latest = latest
    }
}

/// An item and every change made to it — who, what, when — oldest first. The history is only ever appended to:
/// it is the audit trail that statistics and exports are computed from.
public struct ItemHistory: Sendable {
    public var item: Item
    public var events: [ItemEvent]

    public init(item: Item, events: [ItemEvent]) {
        self.item = item
        self.events = events
    }

    /// When `assignee` first responded: acknowledged, asked the author for more, or finished their part without either.
    public func firstResponse(of assignee: ChatUserID) -> Date? {
        events.first { $0.actor == assignee && [.acknowledged, .infoRequested, .assignmentDone, .done].contains($0.kind) }?.at
    }
}
