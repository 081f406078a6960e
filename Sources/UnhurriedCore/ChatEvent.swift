import Foundation

/// Something people did in the chat that bears on an item, as every adapter reports it.
public enum ChatEvent: Sendable, Equatable {
    /// A person replied under a message.
    case threadReply(channel: ChatChannel, parentRef: String, user: ChatUserID)
    /// A person marked a message with the reaction that means "done" (✅ on Slack).
    case doneReaction(channel: ChatChannel, messageRef: String, user: ChatUserID)
}

/// Turns chat events about an item's messages into responses: a reply by an assignee under the item's card is
/// their first response; a done reaction by an assignee finishes their part. Events about other messages, or
/// by people with no part in the item, change nothing.
public struct ChatEventHandler: Sendable {
    private let store: any ItemStore & PeopleStore & OutboxStore
    private let responses: ItemResponses

    public init(store: any ItemStore & PeopleStore & OutboxStore, policy: LivePolicy) {
        self.store = store
        responses = ItemResponses(store: store, policy: policy)
    }

    /// Returns the outcome when the event concerned an item, nil when it was about something else.
    public func handle(_ event: ChatEvent, now: Date) async throws -> ItemResponses.Outcome? {
        switch event {
        case .threadReply(let channel, let parentRef, let user):
            guard let id = try await store.itemID(postedAs: parentRef, in: channel) else { return nil }
            return try await responses.acknowledge(id, by: user, in: channel.workspace, now: now)
        case .doneReaction(let channel, let messageRef, let user):
            guard let id = try await store.itemID(postedAs: messageRef, in: channel),
                  let item = try await store.item(id, in: channel.workspace), item.assignment(of: user) != nil else { return nil }
            return try await responses.finish(id, by: user, in: channel.workspace, now: now)
        }
    }
}
