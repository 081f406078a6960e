import Foundation

/// What daily and weekly digests read and queue.
public protocol DigestStore: OutboxStore {
    /// Every channel with at least one open item.
    func channelsWithOpenItems() async throws -> [ChatChannel]
    /// Every channel with an item (of any kind) created at or after `instant`.
    func channelsWithItems(createdSince instant: Date) async throws -> [ChatChannel]
    func openItems(in channel: ChatChannel) async throws -> [Item]
    /// First responses to asks given in `channel` at or after `start` and before `end`.
    func firstResponses(in channel: ChatChannel, from start: Date, to end: Date) async throws -> [FirstResponse]
}
