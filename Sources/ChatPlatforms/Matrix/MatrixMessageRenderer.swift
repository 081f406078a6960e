import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Renders core messages as `m.room.message` content with a plain `body` and an HTML `formatted_body`, pills for the
/// people it names. A message that calls them (a card, a reminder) is an `m.text` whose `m.mentions` lists them, so
/// they are notified; an answer is an `m.notice`, which homeservers never notify about and other bots ignore.
public struct MatrixMessageRenderer: Sendable {
    /// The content field that carries a post's idempotency key, so a post whose answer was lost can be found in the room.
    public static let idempotencyKeyField = "org.unhurried.idempotency_key"

    /// What starts a command in a room (`!` in `!done 42`).
    public var commandPrefix: String

    public init(commandPrefix: String) {
        self.commandPrefix = commandPrefix
    }

    /// A new message, in the thread of `threadRef` when given. Replies in a thread also name the root as the event
    /// replied to, so clients without threads show them as replies.
    public func content(_ message: ChatMessage, inThreadOf threadRef: String?, idempotencyKey: String?) -> JSONValue {
        Self.fitting(message) { content(of: $0, inThreadOf: threadRef, idempotencyKey: idempotencyKey) }
    }

    private func content(of message: ChatMessage, inThreadOf threadRef: String?, idempotencyKey: String?) -> JSONValue {
        var members = fields(message)
        if let threadRef {
            members.append(("m.relates_to", [
                "rel_type": "m.thread", "event_id": .string(threadRef), "is_falling_back": true,
                "m.in_reply_to": ["event_id": .string(threadRef)],
            ]))
        }
        if let idempotencyKey { members.append((Self.idempotencyKeyField, .string(idempotencyKey))) }
        return .object(members)
    }

    /// An edit of the bot's message `eventID`: clients show `m.new_content` in its place; the outer body, prefixed
    /// with `*`, is what clients without edits show.
    public func edit(of eventID: String, with message: ChatMessage) -> JSONValue {
        Self.fitting(message) { edit(of: eventID, withFitted: $0) }
    }

    private func edit(of eventID: String, withFitted message: ChatMessage) -> JSONValue {
        let new = fields(message)
        var outer = new.map { name, value -> (String, JSONValue) in
            // Only people newly named would be called again; an edit of a card names the same people.
            if name == "m.mentions" { return (name, [:]) }
            guard case .string(let text) = value, name == "body" || name == "formatted_body" else { return (name, value) }
            return (name, .string("* " + text))
        }
        outer.append(("m.new_content", .object(new)))
        outer.append(("m.relates_to", ["rel_type": "m.replace", "event_id": .string(eventID)]))
        return .object(outer)
    }

    /// Homeservers refuse an event over 65,536 bytes (`M_TOO_LARGE`), counted with what the server adds: its room,
    /// sender, hashes, signatures and the events it follows. Content is kept to this, which leaves that room.
    static let maximumContentBytes = 60_000

    /// The content `build` makes of the message, or of as much of it as fits in an event.
    private static func fitting(_ message: ChatMessage, _ build: (ChatMessage) -> JSONValue) -> JSONValue {
        let whole = build(message)
        if whole.encoded().count <= maximumContentBytes { return whole }
        return build(message.fitted(atMost: maximumContentBytes) { build($0).encoded().count <= maximumContentBytes })
    }

    private func fields(_ message: ChatMessage) -> [(String, JSONValue)] {
        let message = message.writingTimesForItsReader()
        var called: [String] = []
        let uncalled = message.uncalledUsers
        for case .section(let text) in message.blocks {
            for case .user(let user) in text.spans where !uncalled.contains(user) && !called.contains(user.rawValue) { called.append(user.rawValue) }
        }
        return [
            ("msgtype", message.callsPeopleNamed ? "m.text" : "m.notice"),
            ("body", .string(plainBody(message))),
            ("format", "org.matrix.custom.html"),
            ("formatted_body", .string(html(message))),
            ("m.mentions", ["user_ids": .array(called.map(JSONValue.string))]),
        ]
    }

    public func plainBody(_ message: ChatMessage) -> String {
        message.blocks.map { block in
            switch block {
            case .section(let text), .context(let text): plain(text)
            case .actions(let actions): plain(hints(for: actions, reactionMarksDone: message.reactionMarksItemDone))
            }
        }.joined(separator: "\n")
    }

    public func html(_ message: ChatMessage) -> String {
        message.blocks.map { block in
            switch block {
            case .section(let text): "<p>\(html(text))</p>"
            case .context(let text): "<p><sub>\(html(text))</sub></p>"
            case .actions(let actions): "<p><sub>\(html(hints(for: actions, reactionMarksDone: message.reactionMarksItemDone)))</sub></p>"
            }
        }.joined()
    }

    /// Matrix has no buttons: an item's actions become what to do instead — react ✅ (where the message is about that
    /// one item), or type the command.
    func hints(for actions: [MessageAction], reactionMarksDone: Bool) -> RichText {
        let typed = MessageAction.typedAlternatives(to: actions)
        return reactionMarksDone && actions.contains { $0.kind == .done } ? RichText([.text("React ✅ when done · ")]) + typed : typed
    }

    /// `https://matrix.to/#/!room:example.org/$event?via=example.org`, ids percent-encoded; `via` names the bot's
    /// server, which is in the room, since room ids no longer name one.
    static func permalink(_ link: MessageLink) -> String {
        "https://matrix.to/#/\(FormBody.percentEncoded(link.channel.channelID))/\(FormBody.percentEncoded(link.messageRef))"
            + "?via=\(FormBody.percentEncoded(link.channel.workspaceID))"
    }

    func plain(_ text: RichText) -> String {
        text.spans.map { span in
            switch span {
            case .text(let value), .bold(let value): MatrixText.quoting(value)
            case .code(let value): "`\(MatrixText.quoting(value))`"
            case .command(let command): "`\(commandPrefix)\(command)`"
            case .permalink(let link): "\(link.label) (\(Self.permalink(link)))"
            case .user(let user): user.rawValue
            case .time(let date): UTCTime.text(date)
            case .link(let link): Self.plain(PostedLink(link, defusing: MatrixText.broadcasts))
            case .channel(let room): room
            case .lineBreak: "\n"
            }
        }.joined()
    }

    /// The label and then the whole address, which shows the host too.
    private static func plain(_ link: PostedLink) -> String {
        link.label.map { "\(MatrixText.quoting($0)) (\(link.target))" } ?? link.target
    }

    func html(_ text: RichText) -> String {
        text.spans.map { span in
            switch span {
            case .text(let value): Self.html(value).replacingOccurrences(of: "\n", with: "<br>")
            case .bold(let value): "<strong>\(Self.html(value))</strong>"
            case .code(let value): "<code>\(Self.html(value))</code>"
            case .command(let command): "<code>\(MatrixText.escapeHTML(commandPrefix + command))</code>"
            case .permalink(let link): "<a href=\"\(MatrixText.escapeHTML(Self.permalink(link)))\">\(MatrixText.escapeHTML(link.label))</a>"
            case .user(let user): "<a href=\"https://matrix.to/#/\(MatrixText.escapeHTML(user.rawValue))\">\(MatrixText.escapeHTML(user.rawValue))</a>"
            case .time(let date): MatrixText.escapeHTML(UTCTime.text(date))
            case .link(let link): Self.html(PostedLink(link, defusing: MatrixText.broadcasts))
            case .channel(let room): "<a href=\"https://matrix.to/#/\(MatrixText.escapeHTML(room))\">\(MatrixText.escapeHTML(room))</a>"
            case .lineBreak: "<br>"
            }
        }.joined()
    }

    /// People's words may hold both markup and a room-wide mention.
    private static func html(_ text: String) -> String {
        MatrixText.escapeHTML(MatrixText.quoting(text))
    }

    private static func html(_ link: PostedLink) -> String {
        "<a href=\"\(MatrixText.escapeHTML(link.target))\">\(html(link.text))</a>"
    }
}
