import Foundation

/// What makes a post the same post across retries, restarts and replicas: the outbox stores one post per key, and
/// platforms carry the key so a post can be found again. Every key's shape is made here, and only here; stored keys
/// keep their text, so the shapes are part of the data and do not change.
public struct IdempotencyKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String

    private init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    /// A key read back from the store or a platform, made by one of the constructors below when it was written.
    public init(stored rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static func < (lhs: IdempotencyKey, rhs: IdempotencyKey) -> Bool { lhs.rawValue < rhs.rawValue }

    /// An item's card, which replies and updates refer to.
    public static func card(of item: ItemID) -> IdempotencyKey { IdempotencyKey("item:\(item.rawValue):\(PostKind.itemCard.rawValue)") }

    /// A pre-read's summary at its meeting.
    public static func prereadSummary(of item: ItemID) -> IdempotencyKey {
        IdempotencyKey("item:\(item.rawValue):\(PostKind.prereadSummary.rawValue)")
    }

    /// An assignee's request for more on an ask, made at `instant`: one call to the author per request.
    public static func infoRequest(on item: ItemID, by requester: ChatUserID, at instant: Date) -> IdempotencyKey {
        IdempotencyKey("item:\(item.rawValue):info_request:\(requester.rawValue):\(instant.milliseconds)")
    }

    /// The call to `requester` that the author answered their request made at `instant`; an answer delivered twice by
    /// the platform finds the request answered by the same key.
    public static func infoAnswer(on item: ItemID, to requester: ChatUserID, requestedAt instant: Date) -> IdempotencyKey {
        IdempotencyKey("item:\(item.rawValue):info_answer:\(requester.rawValue):\(instant.milliseconds)")
    }

    /// The update of an item's card that follows the item's history event `eventID`.
    public static func cardUpdate(of item: ItemID, after eventID: Int) -> IdempotencyKey {
        IdempotencyKey("\(cardUpdatePrefix(of: item)):\(eventID)")
    }

    /// Every card update of an item, for a store to look for one still pending: the keys share a prefix, so a
    /// range over the unique index of keys finds them.
    public static func cardUpdates(of item: ItemID) -> Range<IdempotencyKey> {
        let prefix = cardUpdatePrefix(of: item)
        // ';' follows ':' in every collation the stores use ("C"), so the range holds exactly the prefix's keys.
        return IdempotencyKey("\(prefix):")..<IdempotencyKey("\(prefix);")
    }

    private static func cardUpdatePrefix(of item: ItemID) -> String { "item:\(item.rawValue):\(PostKind.cardUpdate.rawValue)" }

    /// A follow-up (`reminder-1`, `overdue`, `escalation`) about `assignee`'s part of an item, by the route it takes.
    public static func followUp(_ name: String, of item: ItemID, for assignee: ChatUserID, route: FollowUpRoute) -> IdempotencyKey {
        let key = "item:\(item.rawValue):\(assignee.rawValue):\(name)"
        return switch route {
        case .only: IdempotencyKey(key)
        case .thread: IdempotencyKey("\(key):thread")
        case .directMessage: IdempotencyKey("\(key):dm")
        }
    }

    /// Which copy of a follow-up a key names: a reminder may go both under the card and by DM.
    public enum FollowUpRoute: Sendable {
        /// A follow-up sent one way only, such as an escalation.
        case only
        case thread
        case directMessage
    }

    /// A channel's daily digest.
    public static func digest(of channel: ChatChannel, on day: LocalDate) -> IdempotencyKey {
        IdempotencyKey("digest:\(channel.platform):\(channel.workspaceID):\(channel.channelID):\(day)")
    }

    /// A channel's weekly digest, posted on `day`.
    public static func weeklyDigest(of channel: ChatChannel, on day: LocalDate) -> IdempotencyKey {
        IdempotencyKey("weekly-digest:\(channel.platform):\(channel.workspaceID):\(channel.channelID):\(day)")
    }

    /// `person`'s daily nudge on their local `day`: one per person and day, however many of their asks are due one.
    public static func dailyNudge(to person: ChatUserID, in workspace: WorkspaceRef, on day: LocalDate) -> IdempotencyKey {
        IdempotencyKey("nudge:\(workspace.platform):\(workspace.workspaceID):\(person.rawValue):\(day)")
    }

    /// `person`'s standup prompt for a round: one per person and round.
    public static func standupPrompt(_ standup: Standup, round: LocalDate, person: ChatUserID) -> IdempotencyKey {
        IdempotencyKey("standup:\(standup.key):\(round):\(person.rawValue):prompt")
    }

    /// A standup round's digest.
    public static func standupDigest(_ standup: Standup, round: LocalDate) -> IdempotencyKey {
        IdempotencyKey("standup:\(standup.key):\(round):digest")
    }

    /// Part `part` (2, 3…) of a post too long for one, queued as the first part is sent.
    public static func continuation(of post: IdempotencyKey, part: Int) -> IdempotencyKey {
        IdempotencyKey("\(post.rawValue):part\(part)")
    }

    /// The private answer to a button press, shown once however often the platform sends the press.
    public static func pressAnswer(in channel: ChatChannel, press pressRef: String) -> IdempotencyKey {
        IdempotencyKey("press:\(channel.platform):\(channel.workspaceID):\(pressRef)")
    }

    /// A decision's publication to the target the policy names `target`: once per decision and target.
    public static func publication(of decision: ItemID, to target: String) -> IdempotencyKey {
        IdempotencyKey("\(publicationPrefix)\(target):item:\(decision.rawValue)")
    }

    private static let publicationPrefix = "publish:"

    /// The target a publication's key names; nil for any other key.
    public var publicationTarget: String? {
        guard rawValue.hasPrefix(Self.publicationPrefix) else { return nil }
        return rawValue.dropFirst(Self.publicationPrefix.count).split(separator: ":", maxSplits: 1).first.map(String.init)
    }

    /// The private word to an item's author that `post` died for good.
    public static func deadPostNotice(of post: IdempotencyKey) -> IdempotencyKey {
        IdempotencyKey("dead:\(post.rawValue)")
    }

    /// The private word to `asker` that deadlines of their asks to `person` moved, once per recording (a `/away`, a
    /// reloaded policy): the same recording made again by another replica finds it queued.
    public static func deadlinesMoved(of person: ChatUserID, in workspace: WorkspaceRef, recording: String, toldTo asker: ChatUserID) -> IdempotencyKey {
        IdempotencyKey("moved:\(workspace.platform):\(workspace.workspaceID):\(person.rawValue):\(recording):\(asker.rawValue)")
    }

    /// `person`'s welcome to `channel`: one ever, however often they leave and join again.
    public static func welcome(of person: ChatUserID, to channel: ChatChannel) -> IdempotencyKey {
        IdempotencyKey("welcome:\(channel.platform):\(channel.workspaceID):\(channel.channelID):\(person.rawValue)")
    }

    /// The answer to a message written to the bot, posted once however often the platform delivers the message.
    public static func answer(to messageRef: String, in channel: ChatChannel) -> IdempotencyKey {
        IdempotencyKey("notice:\(channel.platform):\(channel.workspaceID):\(channel.channelID):\(messageRef)")
    }

    /// The private word to someone whose reaction could not track a message, once per message and person.
    public static func trackAnswer(to messageRef: String, in channel: ChatChannel, reactor: ChatUserID) -> IdempotencyKey {
        IdempotencyKey("track:\(channel.platform):\(channel.workspaceID):\(channel.channelID):\(messageRef):\(reactor.rawValue)")
    }
}
