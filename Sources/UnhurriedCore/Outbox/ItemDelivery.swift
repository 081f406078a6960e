import Foundation

/// Where an item's card stands, for the posts that refer to it (updates, replies under it, a pre-read's summary).
public enum CardState: Equatable, Sendable {
    case posted(messageRef: String)
    /// Still to be posted; it is next tried at `nextAttemptAt`.
    case pending(nextAttemptAt: Date)
    /// Never posted and never will be: dead, skipped, or there is no card.
    case absent

    /// The state of the card whose outbox post is `card` (nil when there is none).
    public init(of card: OutboxPost?) {
        switch card?.status {
        case .sent: self = card?.messageRef.map { .posted(messageRef: $0) } ?? .absent
        case .pending: self = .pending(nextAttemptAt: card?.nextAttemptAt ?? .distantPast)
        case .dead, .skipped, nil: self = .absent
        }
    }
}

/// What becomes of a due post about an item, decided from the post, the item as it is now, its card and the
/// instant. The delivery worker only carries it out.
public enum ItemDelivery: Equatable, Sendable {
    /// Not sent, for good: it no longer applies. When `closesPreread`, the pre-read is over and is closed too.
    case skip(reason: String, closesPreread: Bool = false)
    /// Looked at again at `until`; this was not an attempt.
    case postpone(until: Date, reason: String)
    /// Posted, under the message `thread` when given. When `closesPreread`, the pre-read is closed once it is out.
    case post(ChatMessage, inThreadOf: String?, closesPreread: Bool = false)
    /// The card posted as `messageRef` is replaced.
    case update(messageRef: String, with: ChatMessage)

    /// How long a post that refers to a card not yet posted waits before looking again.
    public static let cardWait: TimeInterval = 5
    /// A pre-read summary this late (the server was down at the meeting) would come after the meeting is over.
    public static let summaryStaleAfter: TimeInterval = 6 * 3600

    /// Whether deciding on `post` needs what was replied under its item: a pre-read's summary quotes the open questions.
    public static func needsReplies(_ post: QueuedPost) -> Bool {
        post.kind == .prereadSummary
    }

    /// Whether deciding on `post` needs its item's card.
    public static func needsCard(_ post: QueuedPost) -> Bool {
        post.kind == .cardUpdate || post.kind == .prereadSummary || post.replyInThread
    }

    /// The decision for `post` about `item`; `card` is the item's card where `needsCard(post)`, `replies` the item's
    /// replies where `needsReplies(post)`. Nil for kinds that are not about an item (digests, notices, prompts).
    public static func decide(_ post: QueuedPost, about item: Item, card: CardState?, replies: [ItemEvent] = [], now: Date) -> ItemDelivery? {
        switch post.kind {
        case .itemCard: itemCard(item, now: now)
        case .cardUpdate: cardUpdate(item, card: card ?? .absent, now: now)
        case .firstCall, .reminder, .overdue, .escalation: followUp(post, about: item, card: card, now: now)
        case .threadCall: threadCall(post, about: item, card: card, now: now)
        case .prereadSummary: prereadSummary(post, of: item, card: card ?? .absent, replies: replies, now: now)
        case .digest, .notice, .standupDigest, .standupPrompt, .dailyNudge, .publication: nil
        }
    }

    /// A pre-read cancelled before its time is never posted, nor one whose meeting began while the server was down;
    /// an ask's card shows its cancellation instead.
    private static func itemCard(_ item: Item, now: Date) -> ItemDelivery {
        if let meeting = item.meeting {
            if item.status == .cancelled { return .skip(reason: "cancelled before it was posted") }
            if now >= meeting.startsAt { return .skip(reason: "its meeting has started") }
        }
        // An ask tracked from a message goes under it, where the people it mentions are already talking.
        return .post(MessageComposer.itemCard(item), inThreadOf: item.origin?.threadRef)
    }

    private static func cardUpdate(_ item: Item, card: CardState, now: Date) -> ItemDelivery {
        switch card {
        case .posted(let ref): .update(messageRef: ref, with: MessageComposer.itemCard(item))
        // The card may already be rendered from the old state, so it is updated after it is posted.
        case .pending(let next): waitForCard(next, now: now)
        case .absent: .skip(reason: "the card was never posted")
        }
    }

    private static func followUp(_ post: QueuedPost, about item: Item, card: CardState?, now: Date) -> ItemDelivery {
        guard let assignee = post.subject, item.status == .open, let assignment = item.assignment(of: assignee),
              assignment.isAwaitingResponse, let kind = FollowUpKind(rawValue: post.kind.rawValue) else {
            return .skip(reason: "answered or closed before it was due")
        }
        if let meeting = item.meeting, now >= meeting.startsAt { return .skip(reason: "the meeting has started") }
        // Snoozed after this was queued (it waited for its slot or its card): it waits for the snooze to end.
        if kind != .escalation, let until = assignment.snoozedUntil, until > now { return .postpone(until: until, reason: "snoozed") }
        let message = MessageComposer.followUp(kind, item: item, assignee: assignee)
        return post.replyInThread ? underCard(message, of: item, card: card, now: now) : .post(message, inThreadOf: nil)
    }

    /// `message` as a reply under the item's card, once the card is posted.
    private static func underCard(_ message: ChatMessage, of item: Item, card: CardState?, now: Date) -> ItemDelivery {
        switch card ?? .absent {
        // A card that is itself a reply has no thread of its own: its replies join the thread it is in.
        case .posted(let ref): .post(message, inThreadOf: item.origin?.threadRef ?? ref)
        case .pending(let next): waitForCard(next, now: now)
        // With no card to reply under, it stands on its own in the channel.
        case .absent: .post(message, inThreadOf: nil)
        }
    }

    /// A request for more, or its answer: it calls its subject and only names the others. Moot once the ask is closed,
    /// once the author answered every request (the author replied before their working time began), or once the
    /// requester called back finished their part.
    private static func threadCall(_ post: QueuedPost, about item: Item, card: CardState?, now: Date) -> ItemDelivery {
        guard item.status == .open else { return .skip(reason: "the ask was closed before the call was due") }
        if post.subject == item.author {
            guard item.assignments.contains(where: { $0.infoRequestedAt != nil }) else {
                return .skip(reason: "the author answered before the call was due")
            }
        } else if let requester = post.subject, item.assignment(of: requester)?.status != .open {
            return .skip(reason: "the requester finished their part before the call was due")
        }
        guard var body = post.body, let called = post.subject else { return .skip(reason: "a call without a message or anyone to call") }
        body.namedOnly = body.namedUsers.subtracting([called])
        return underCard(body, of: item, card: card, now: now)
    }

    /// At the meeting, under the pre-read: who read it and what is still open; nothing when it was cancelled. Then the
    /// pre-read is closed, so its card loses its buttons.
    private static func prereadSummary(_ post: QueuedPost, of item: Item, card: CardState, replies: [ItemEvent], now: Date) -> ItemDelivery {
        guard item.status == .open else { return .skip(reason: "the pre-read was cancelled") }
        guard now.timeIntervalSince(post.dueAt) < summaryStaleAfter else {
            return .skip(reason: "the meeting is long over", closesPreread: true)
        }
        switch card {
        case .posted(let ref): return .post(MessageComposer.prereadSummary(item, replies: replies), inThreadOf: ref, closesPreread: true)
        case .pending(let next): return waitForCard(next, now: now)
        // Nobody saw a pre-read that was never posted (its meeting began while the server was down): no summary of it.
        case .absent: return .skip(reason: "the pre-read was never posted", closesPreread: true)
        }
    }

    /// A pre-read's card waits for its time, which may be a day away: no point looking before then.
    private static func waitForCard(_ next: Date, now: Date) -> ItemDelivery {
        .postpone(until: max(now.addingTimeInterval(cardWait), next), reason: "waiting for the card to be posted")
    }
}
