import Foundation

/// A message as the core composes it; each platform adapter renders it in its own format. It is `Codable` so a
/// composed message can wait in the outbox.
public struct ChatMessage: Sendable, Equatable, Codable {
    /// What notifications and screen readers show; every platform needs a plain-text version.
    public var fallbackText: String
    public var blocks: [MessageBlock]
    /// Whether the people it names are called (notified). An answer to a command names people without calling
    /// them — the card and the follow-ups do that — and so does a digest or a summary posted at one hour for every
    /// zone. Set by what composes a message for sending, or when a stored notice is sent, so it is not stored.
    public var callsPeopleNamed = true
    /// People a message that calls the others only names: a card's assignees for whom it comes outside their working
    /// hours, who are called when their hours begin. Not stored either: cards are composed when they are sent.
    public var namedOnly: Set<ChatUserID> = []
    /// The zone of the one person an answer is for: a platform that cannot show an instant in each reader's own zone
    /// shows it in theirs (`17:00 Berlin time (16:00 UTC)`). Nil for a post many people read.
    public var readerTimeZone: TimeZone?
    /// Whether a ✅ on the posted message marks its item done, as on a card or a reminder, whose item the store finds
    /// from the message; a message listing several asks (a daily nudge) has no one item. Not stored either.
    public var reactionMarksItemDone = true

    public init(fallbackText: String, blocks: [MessageBlock]) {
        self.fallbackText = fallbackText
        self.blocks = blocks
    }

    private enum CodingKeys: String, CodingKey {
        case fallbackText, blocks
    }

    /// Whether any of its text is an instant, which a reader's zone would change.
    public var showsAnInstant: Bool {
        blocks.contains { block in
            switch block {
            case .section(let text), .context(let text): text.spans.contains { if case .time = $0 { true } else { false } }
            case .actions: false
            }
        }
    }

    /// The message with its instants written in its reader's zone, for a platform that cannot show them in each
    /// reader's own; itself when it has no one reader.
    public func writingTimesForItsReader() -> ChatMessage {
        guard let zone = readerTimeZone else { return self }
        func written(_ text: RichText) -> RichText {
            RichText(text.spans.map { span in
                if case .time(let date) = span { return .text(LocalTime.text(date, in: zone)) }
                return span
            })
        }
        var message = self
        message.blocks = blocks.map { block in
            switch block {
            case .section(let text): .section(written(text))
            case .context(let text): .context(written(text))
            case .actions: block
            }
        }
        return message
    }

    /// The people the message names without calling them, whom a platform writes by their names.
    public var uncalledUsers: Set<ChatUserID> {
        callsPeopleNamed ? namedUsers.intersection(namedOnly) : namedUsers
    }

    /// The people the message names, whose names a platform may need to write them.
    public var namedUsers: Set<ChatUserID> {
        var users: Set<ChatUserID> = []
        for block in blocks {
            if case .section(let text) = block { for case .user(let user) in text.spans { users.insert(user) } }
            if case .context(let text) = block { for case .user(let user) in text.spans { users.insert(user) } }
        }
        return users
    }
}

public enum MessageBlock: Sendable, Equatable, Codable {
    case section(RichText)
    /// Secondary, smaller text: ids, hints.
    case context(RichText)
    case actions([MessageAction])

    public var isActions: Bool {
        if case .actions = self { true } else { false }
    }
}

/// Inline text with the few kinds of markup every platform can show in some form.
public struct RichText: Sendable, Equatable, Codable, ExpressibleByStringLiteral {
    public enum Span: Sendable, Equatable, Codable {
        case text(String)
        case bold(String)
        case code(String)
        case user(ChatUserID)
        /// Platforms that can show an instant in each reader's own zone do so; the rest show UTC.
        case time(Date)
        case link(Link)
        /// A command as a person types it, without the platform's way of starting one: `done 42`, `snooze 42 2h`.
        /// Each adapter writes it its own way (`/done 42` on Slack, `!done 42` on Matrix).
        case command(String)
        /// A link to a message the bot posted; each platform writes its own kind of permalink.
        case permalink(MessageLink)
        /// A channel by its id; platforms that can link to one do.
        case channel(String)
        case lineBreak
    }

    public var spans: [Span]

    public init(_ spans: [Span]) {
        self.spans = spans
    }

    public init(stringLiteral value: String) {
        spans = [.text(value)]
    }

    public static func + (lhs: RichText, rhs: RichText) -> RichText {
        RichText(lhs.spans + rhs.spans)
    }

    public static func text(_ value: String) -> RichText { RichText([.text(value)]) }

    /// The words without markup, for a message's plain-text version; commands keep their backticks.
    public var plainText: String {
        spans.map { span in
            switch span {
            case .text(let value), .bold(let value), .code(let value): value
            case .user(let user): "@\(user)"
            case .time(let date): date.formatted(.iso8601)
            case .link(let link): link.label ?? link.url
            case .command(let command): "`\(command)`"
            case .permalink(let link): link.label
            case .channel(let id): "#\(id)"
            case .lineBreak: "\n"
            }
        }.joined()
    }
}

/// A message the bot posted, as a link: `messageRef` is the platform's id of it in `channel`.
public struct MessageLink: Sendable, Equatable, Codable {
    public var channel: ChatChannel
    public var messageRef: String
    public var label: String

    public init(channel: ChatChannel, messageRef: String, label: String) {
        self.channel = channel
        self.messageRef = messageRef
        self.label = label
    }
}

/// A button on a message. Its `value` carries the item it acts on, so a click needs no lookup of the message.
public struct MessageAction: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case acknowledge
        case done
        case snoozeHour = "snooze_hour"
        case snoozeTomorrow = "snooze_tomorrow"
        /// Lets the person pick the instant; platforms with a date-time picker show one.
        case snoozeUntil = "snooze_until"
        /// A reader has read a pre-read.
        case markRead = "mark_read"
        /// A reader has a question about a pre-read, which they ask in its thread.
        case raiseQuestion = "raise_question"
        /// An assignee needs more from the asker before they can answer.
        case requestInfo = "request_info"

        /// Shown as a button of its own; the snoozes share a menu or a picker.
        public var isButton: Bool { [.acknowledge, .done, .markRead, .raiseQuestion, .requestInfo].contains(self) }
    }

    public var kind: Kind
    public var itemID: ItemID
    public var label: String
    public var isPrimary: Bool

    public init(kind: Kind, itemID: ItemID, label: String, isPrimary: Bool = false) {
        self.kind = kind
        self.itemID = itemID
        self.label = label
        self.isPrimary = isPrimary
    }
}

extension MessageAction {
    /// What to type instead of pressing, for a platform that shows no buttons:
    /// `ack 3` to acknowledge · `done 3` when done · `snooze 3 1h` or `snooze 3 tomorrow` for later.
    public static func typedAlternatives(to actions: [MessageAction]) -> RichText {
        guard let id = actions.first?.itemID.rawValue else { return RichText([]) }
        let kinds = Set(actions.map(\.kind))
        var hints: [[RichText.Span]] = []
        if kinds.contains(.acknowledge) { hints.append([.command("ack \(id)"), .text(" to acknowledge")]) }
        if kinds.contains(.done) { hints.append([.command("done \(id)"), .text(" when done")]) }
        if kinds.contains(.markRead) { hints.append([.command("preread read \(id)"), .text(" once read")]) }
        if kinds.contains(.raiseQuestion) { hints.append([.command("preread question \(id)"), .text(" to raise a question")]) }
        if kinds.contains(.requestInfo) { hints.append([.command("clarify \(id)"), .text(" and your question to ask for more")]) }
        if !kinds.isDisjoint(with: [.snoozeHour, .snoozeTomorrow, .snoozeUntil]) {
            hints.append([.command("snooze \(id) 1h"), .text(" or "), .command("snooze \(id) tomorrow"), .text(" for later")])
        }
        return RichText(Array(hints.joined(separator: [.text(" · ")])))
    }
}
