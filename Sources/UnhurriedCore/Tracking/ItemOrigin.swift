import Foundation

/// The message an ask was made from, when someone tracked an existing message rather than typing `/ask`. One message
/// makes at most one ask: the store keeps the message's ref unique within its channel, so two reactions at once, on
/// two replicas, still make one.
public struct ItemOrigin: Hashable, Sendable {
    /// The tracked message, which the card links to.
    public var messageRef: String
    /// The thread the card is posted in: the message's own, or the one the message is a reply in.
    public var threadRef: String

    public init(messageRef: String, threadRef: String) {
        self.messageRef = messageRef
        self.threadRef = threadRef
    }
}
