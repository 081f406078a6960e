/// What an outbox post shows; the delivery worker renders it from the item's current state when it sends.
public enum PostKind: String, Sendable, Codable {
    case itemCard = "item_card"
    /// Re-renders the posted card in place after the item changed.
    case cardUpdate = "card_update"
    /// Calls an assignee the card only named, at the start of their working block.
    case firstCall = "first_call"
    case reminder
    case overdue
    case escalation
    /// A channel's daily digest: open asks by deadline, what is overdue, the last working day's figures.
    case digest
    /// A message composed when it was queued (`body`), e.g. the answer to a command given by mentioning the bot.
    case notice
    /// When a pre-read's meeting starts, under the pre-read: who read it, who did not, the open questions.
    case prereadSummary = "preread_summary"
    /// A standup's answers of one round, in its channel.
    case standupDigest = "standup_digest"
    /// A standup's questions to one person, in their DM, composed when queued (`body`); unlike a notice it notifies.
    case standupPrompt = "standup_prompt"
    /// One person's asks in daily mode, in their DM at the start of their working day, composed when it is sent.
    case dailyNudge = "daily_nudge"
    /// A message composed when queued (`body`), posted under an ask's card when the people it calls can be reached: an
    /// assignee's request for more, and the author's answer to it. Unlike a notice it notifies; it is skipped once the
    /// ask is closed.
    case threadCall = "thread_call"
    /// A decision sent to a publication target (a wiki page, a database, a webhook) rather than to a chat.
    case publication

    /// Whether it is a message in the channel, paced with the channel's other posts; a publication goes elsewhere.
    public var goesToChat: Bool { self != .publication }

    public init(_ followUp: FollowUpKind) {
        switch followUp {
        case .firstCall: self = .firstCall
        case .reminder: self = .reminder
        case .overdue: self = .overdue
        case .escalation: self = .escalation
        case .nudge: self = .dailyNudge
        }
    }
}
