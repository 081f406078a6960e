import Foundation

/// A message someone marked to be tracked as an ask, as its platform's API gave it back.
public struct TrackedMessage: Sendable, Equatable {
    /// Its text as a command's text is read: the people it mentions, its words and its links.
    public var tokens: [CommandToken]
    /// The thread it is a reply in (the ref of that thread's first message); nil when it starts a thread or stands
    /// alone, so the card goes under the message itself.
    public var threadRef: String?

    public init(tokens: [CommandToken], threadRef: String? = nil) {
        self.tokens = tokens
        self.threadRef = threadRef
    }

    /// The people it mentions, in order and once each.
    public var mentionedPeople: [ChatUserID] {
        var people: [ChatUserID] = []
        for case .mention(let user) in tokens where !people.contains(user) { people.append(user) }
        return people
    }

    /// The message `messageRef` as an ask's origin: a reply's card goes in its thread, any other message's under it.
    public func origin(_ messageRef: String) -> ItemOrigin {
        ItemOrigin(messageRef: messageRef, threadRef: threadRef ?? messageRef)
    }

    /// The message with its mentions of `bot` left out: the bot is not someone an ask waits on.
    public func withoutMentioning(_ bot: ChatUserID) -> TrackedMessage {
        TrackedMessage(tokens: tokens.filter { $0 != .mention(bot) }, threadRef: threadRef)
    }
}

/// Reads one message of a channel through the platform's API. Reaction events name the message only, so what it
/// says, and whom it mentions, has to be read back.
public protocol MessageReader: Sendable {
    /// The message `messageRef` in `channel`, or nil when the platform has no such message (deleted, or not visible
    /// to the bot). Throws when the platform could not be asked, so the event is handled again when it comes again.
    func message(_ messageRef: String, in channel: ChatChannel) async throws(DeliveryFailure) -> TrackedMessage?
}
