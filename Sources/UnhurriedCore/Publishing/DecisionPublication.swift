import Foundation

/// One decision as it is published: what was decided, by whom, when, where, what it replaces, and the key that makes
/// a second delivery of it recognisable.
public struct DecisionPublication: Sendable, Equatable {
    public var decisionID: ItemID
    public var text: String
    public var links: [Link]
    public var author: ChatUserID
    public var channel: ChatChannel
    public var recordedAt: Date
    /// The decision this one replaces.
    public var supersedes: ItemID?
    /// The outbox post's key: the same on every attempt, so a receiver (or a look at the page) can tell a repeat.
    public var idempotencyKey: IdempotencyKey

    public init(of decision: Item, key: IdempotencyKey) {
        decisionID = decision.id
        text = decision.request
        links = decision.links
        author = decision.author
        channel = decision.channel
        recordedAt = decision.createdAt
        supersedes = decision.supersedes
        idempotencyKey = key
    }

    /// A one-line title: the decision's number, and what it replaces.
    public var title: String {
        "Decision #\(decisionID.rawValue)" + (supersedes.map { " (supersedes #\($0.rawValue))" } ?? "")
    }

    /// The instant as ISO 8601 in UTC, as the targets' date fields and readers expect it.
    public var recordedAtText: String {
        recordedAt.formatted(.iso8601)
    }
}
