import Foundation

/// Items are numbered by the store; people type the number (`/done 42`).
public struct ItemID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int64

    public init(_ rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// Reads `42` or `#42`.
    public init?(parsing text: String) {
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard let value = Int64(digits), value > 0 else { return nil }
        rawValue = value
    }

    public var description: String { "#\(rawValue)" }

    public static func < (lhs: ItemID, rhs: ItemID) -> Bool { lhs.rawValue < rhs.rawValue }
}

public enum ItemKind: String, Sendable, Codable {
    case ask
    /// A decision recorded for the team's log (`/decision`): no one is asked, nothing is followed up.
    case decision
    /// A meeting's pre-read (`/preread`): posted ahead of the meeting, read by the people it names, summed up when
    /// the meeting starts.
    case preread

    /// What people call it: "the whole pre-read".
    public var noun: String {
        switch self {
        case .ask: "ask"
        case .decision: "decision"
        case .preread: "pre-read"
        }
    }
}

public enum ItemStatus: String, Sendable, Codable {
    case open
    case done
    case cancelled
    /// A decision replaced by a later one, which names it.
    case superseded
}

public enum AssignmentStatus: String, Sendable, Codable {
    case open
    case done
}

/// One assignee's share of an item, with their own deadline counted in their own working time.
public struct Assignment: Hashable, Sendable {
    public var assignee: ChatUserID
    public var dueAt: Date
    public var status: AssignmentStatus
    /// Their first response (a thread reply, the Acknowledge button, `/ack`); follow-ups stop from then on.
    public var acknowledgedAt: Date?
    /// Reminders and the overdue notice wait until then; escalation does not.
    public var snoozedUntil: Date?
    /// When the scheduler next owes this assignment a follow-up; nil when it owes none.
    public var nextFollowUpAt: Date?
    /// The start of the assignee's next working block, when the card was posted outside their hours: the card names
    /// them without calling them, and they are called then. Nil when the card calls them.
    public var firstCallAt: Date?
    /// The deadline was counted in the team's zone because the assignee's profile did not answer in time: it is planned
    /// again in their own zone when the profile's answer comes.
    public var plannedInTeamZone: Bool
    /// They asked the author for more (`clarify`, the Need more info button), and the author has not answered in the
    /// item's thread since.
    public var infoRequestedAt: Date?

    public init(
        assignee: ChatUserID, dueAt: Date, status: AssignmentStatus = .open, acknowledgedAt: Date? = nil,
        snoozedUntil: Date? = nil, nextFollowUpAt: Date? = nil, firstCallAt: Date? = nil, plannedInTeamZone: Bool = false,
        infoRequestedAt: Date? = nil
    ) {
        self.assignee = assignee
        self.dueAt = dueAt
        self.status = status
        self.acknowledgedAt = acknowledgedAt
        self.snoozedUntil = snoozedUntil
        self.nextFollowUpAt = nextFollowUpAt
        self.firstCallAt = firstCallAt
        self.plannedInTeamZone = plannedInTeamZone
        self.infoRequestedAt = infoRequestedAt
    }

    /// Still owed an answer: open and not yet acknowledged.
    public var isAwaitingResponse: Bool { status == .open && acknowledgedAt == nil }

    /// Where a pre-read's reader stands: a question (an acknowledgement) stays open until they mark it read (done).
    public enum ReaderState: Sendable {
        case read
        case hasQuestion
        case notYet
    }

    public var readerState: ReaderState {
        if status == .done { return .read }
        return acknowledgedAt == nil ? .notYet : .hasQuestion
    }
}

/// An item as it is about to be stored: everything but the number the store gives it.
public struct NewItem: Sendable {
    public var kind: ItemKind
    public var channel: ChatChannel
    public var author: ChatUserID
    public var request: String
    public var links: [Link]
    public var tierName: String
    public var createdAt: Date
    public var assignments: [Assignment]
    /// The decision this one replaces.
    public var supersedes: ItemID?
    /// A pre-read's meeting: its title and when it starts and the pre-read is posted.
    public var meeting: Meeting?
    /// The publication targets a new decision is sent to (`QueuedPost.postsOnCreation` queues one post for each). Only
    /// read when the item is created: the outbox holds the publications, so it is not stored with the item.
    public var publishTo: [String]
    /// The message an ask was tracked from; nil for one typed as a command.
    public var origin: ItemOrigin?

    public init(
        kind: ItemKind, channel: ChatChannel, author: ChatUserID, request: String, links: [Link],
        tierName: String, createdAt: Date, assignments: [Assignment], supersedes: ItemID? = nil, meeting: Meeting? = nil,
        publishTo: [String] = [], origin: ItemOrigin? = nil
    ) {
        self.kind = kind
        self.channel = channel
        self.author = author
        self.request = request
        self.links = links
        self.tierName = tierName
        self.createdAt = createdAt
        self.assignments = assignments
        self.supersedes = supersedes
        self.meeting = meeting
        self.publishTo = publishTo
        self.origin = origin
    }
}

/// The meeting a pre-read prepares. Its readers are the pre-read's assignments, each due when the meeting starts.
public struct Meeting: Hashable, Sendable {
    public var title: String
    public var startsAt: Date
    /// When the pre-read goes into the channel: ahead of the meeting by the policy's (or the author's) lead.
    public var postAt: Date

    public init(title: String, startsAt: Date, postAt: Date) {
        self.title = title
        self.startsAt = startsAt
        self.postAt = postAt
    }
}

/// A stored async item: what was asked, plus the number and status the store keeps.
@dynamicMemberLookup
public struct Item: Sendable, Identifiable {
    public var id: ItemID
    public var status: ItemStatus
    public var content: NewItem
    /// Counts the item's changes, so a change made from a stale read is refused rather than undoing another.
    public var version: Int

    public init(id: ItemID, status: ItemStatus, _ content: NewItem, version: Int = 0) {
        self.id = id
        self.status = status
        self.content = content
        self.version = version
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<NewItem, Value>) -> Value {
        get { content[keyPath: keyPath] }
        set { content[keyPath: keyPath] = newValue }
    }

    public func assignment(of user: ChatUserID) -> Assignment? {
        content.assignments.first { $0.assignee == user }
    }
}
