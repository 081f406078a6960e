import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Renders core messages as Mattermost posts: Markdown text, and an item's buttons as a message attachment's
/// actions that post back to Unhurried with a signed context.
public struct MattermostMessageRenderer: Sendable {
    /// The post property that carries a post's idempotency key, so a post whose answer was lost can be found.
    public static let idempotencyKeyProperty = "unhurried_idempotency_key"

    public struct Buttons: Sendable {
        /// Where Mattermost posts a click: Unhurried's `/mattermost/actions`, as Mattermost reaches it.
        public var url: URL
        public var signer: MattermostActionSigner

        public init(url: URL, signer: MattermostActionSigner) {
            self.url = url
            self.signer = signer
        }
    }

    /// Nil when no actions URL is configured: cards then say what to type instead.
    public var buttons: Buttons?
    /// The Mattermost server, for permalinks (`…/_redirect/pl/{post}`); without it a linked message shows its label.
    public var serverURL: URL?

    public init(buttons: Buttons?, serverURL: URL? = nil) {
        self.buttons = buttons
        self.serverURL = serverURL
    }

    /// The body of an immediate answer to a slash command, seen only by the person who typed it.
    public func ephemeralResponse(_ message: ChatMessage, names: [ChatUserID: String]) -> JSONValue {
        ["response_type": "ephemeral", "text": .string(fittedMarkdown(message, names: names, withButtons: false))]
    }

    /// A `POST /api/v4/posts` body; the idempotency key rides along as a post property.
    public func post(
        _ message: ChatMessage, channelID: String, rootID: String?, idempotencyKey: String?, teamID: String, names: [ChatUserID: String]
    ) -> JSONValue {
        var members: [(String, JSONValue)] = [("channel_id", .string(channelID))]
        if let rootID { members.append(("root_id", .string(rootID))) }
        members += content(message, idempotencyKey: idempotencyKey, teamID: teamID, names: names)
        return .object(members)
    }

    /// A `PUT /api/v4/posts/{id}/patch` body: new text and buttons for a post the bot made.
    public func patch(_ message: ChatMessage, teamID: String, names: [ChatUserID: String]) -> JSONValue {
        .object(content(message, idempotencyKey: nil, teamID: teamID, names: names))
    }

    private func content(_ message: ChatMessage, idempotencyKey: String?, teamID: String, names: [ChatUserID: String]) -> [(String, JSONValue)] {
        var properties: [(String, JSONValue)] = []
        let actionBlocks = message.blocks.compactMap { block -> [MessageAction]? in
            if case .actions(let actions) = block, !actions.isEmpty { return actions }
            return nil
        }
        if let buttons, !actionBlocks.isEmpty {
            properties.append(("attachments", .array(attachments(for: actionBlocks, buttons: buttons, teamID: teamID))))
        }
        if let idempotencyKey { properties.append((Self.idempotencyKeyProperty, .string(idempotencyKey))) }
        return [("message", .string(fittedMarkdown(message, names: names, withButtons: buttons != nil))), ("props", .object(properties))]
    }

    /// Mattermost refuses a post of more than 16,383 runes (Unicode scalars); a longer one is cut with "…".
    static let maximumRunes = 16_383

    private func fittedMarkdown(_ message: ChatMessage, names: [ChatUserID: String], withButtons: Bool) -> String {
        func render(_ message: ChatMessage) -> String { markdown(message, names: names, withButtons: withButtons) }
        let whole = render(message)
        if whole.unicodeScalars.count <= Self.maximumRunes { return whole }
        return render(message.fitted(atMost: Self.maximumRunes) { render($0).unicodeScalars.count <= Self.maximumRunes })
    }

    /// One attachment of buttons per item. A post about several items (a daily nudge) titles each with its item, and
    /// gives each button an id of its own: Mattermost finds a clicked action by its id among all of the post's.
    private func attachments(for actionBlocks: [[MessageAction]], buttons: Buttons, teamID: String) -> [JSONValue] {
        guard actionBlocks.count > 1 else {
            return actionBlocks.map { ["actions": .array(elements(for: $0, buttons: buttons, teamID: teamID, idSuffix: ""))] }
        }
        return actionBlocks.map { actions in
            let item = actions[0].itemID
            return [
                "text": .string(item.description),
                "actions": .array(elements(for: actions, buttons: buttons, teamID: teamID, idSuffix: String(item.rawValue))),
            ]
        }
    }

    /// Buttons for acknowledging, finishing and pre-reads; the snoozes share one menu. Picking an instant has no Mattermost
    /// control, so it is left to `/async snooze`.
    private func elements(for actions: [MessageAction], buttons: Buttons, teamID: String, idSuffix: String) -> [JSONValue] {
        func integration(_ action: String, _ itemID: ItemID) -> JSONValue {
            ["url": .string(buttons.url.absoluteString), "context": [
                "action": .string(action), "item": .string(String(itemID.rawValue)), "team": .string(teamID),
                "signature": .string(buttons.signer.signature(action: action, itemID: itemID, teamID: teamID)),
            ]]
        }
        var elements: [JSONValue] = []
        var snoozes: [MessageAction] = []
        for action in actions {
            switch action.kind {
            case .acknowledge, .done, .markRead, .raiseQuestion, .requestInfo:
                var members: [(String, JSONValue)] = [
                    // Mattermost routes a press by the id and finds none with other characters than letters and digits
                    // (mattermost/mattermost#21939): `raise_question` would be a button that does nothing.
                    ("id", .string(action.kind.rawValue.filter { $0.isASCII && ($0.isLetter || $0.isNumber) } + idSuffix)),
                    ("name", .string(action.label)), ("type", "button"),
                    ("integration", integration(action.kind.rawValue, action.itemID)),
                ]
                if action.isPrimary { members.append(("style", "primary")) }
                elements.append(.object(members))
            case .snoozeHour, .snoozeTomorrow:
                snoozes.append(action)
            case .snoozeUntil:
                break
            }
        }
        if let first = snoozes.first {
            elements.append([
                "id": .string("snooze" + idSuffix), "name": "Snooze…", "type": "select",
                "options": .array(snoozes.map { ["text": .string($0.label), "value": .string($0.kind.rawValue)] }),
                "integration": integration(MattermostAction.snoozeMenu, first.itemID),
            ])
        }
        return elements
    }

    /// `@username` notifies the person; a message that only names people writes their username in bold instead.
    public func markdown(_ message: ChatMessage, names: [ChatUserID: String], withButtons: Bool) -> String {
        let uncalled = message.uncalledUsers
        let callingNobody = !message.callsPeopleNamed
        let message = message.writingTimesForItsReader()
        return message.blocks.compactMap { block -> String? in
            switch block {
            case .section(let text): markdown(text, names: names, uncalled: uncalled, callingNobody: callingNobody)
            case .context(let text): "_\(markdown(text, names: names, uncalled: uncalled, callingNobody: callingNobody))_"
            case .actions(let actions): withButtons ? nil : "_\(markdown(MessageAction.typedAlternatives(to: actions), names: names))_"
            }
        }.joined(separator: "\n")
    }

    /// `@username` for the people the text calls; those in `uncalled` are named in bold, which notifies nobody, and so
    /// are the `@username`s written in the text of a message `callingNobody`.
    func markdown(_ text: RichText, names: [ChatUserID: String], uncalled: Set<ChatUserID> = [], callingNobody: Bool = false) -> String {
        text.spans.map { span in
            switch span {
            case .text(let value): MattermostText.quoting(value, callingNobody: callingNobody)
            case .bold(let value): "**\(MattermostText.quoting(value))**"
            case .code(let value): MattermostText.codeSpan(value)
            case .command(let command): "`\(MattermostPlatform.command) \(command)`"
            case .permalink(let link):
                serverURL.map { "[\(link.label)](\($0.absoluteString.trimmingCharacters(in: ["/"]))/_redirect/pl/\(link.messageRef))" } ?? "**\(link.label)**"
            case .user(let user):
                uncalled.contains(user) ? "**\(MattermostText.quoting(names[user] ?? user.rawValue))**" : "@\(names[user] ?? user.rawValue)"
            case .time(let date): UTCTime.text(date)
            case .link(let link): Self.markdown(PostedLink(link, alsoEncoding: "()", defusing: MattermostText.broadcasts))
            // Mattermost links channels by name (`~town-square`); only the id is known here.
            case .channel(let id): "**\(MattermostText.quoting(id))**"
            case .lineBreak: "\n"
            }
        }.joined()
    }

    /// `[text](target)`. A backtick in the text could open a code span that swallows the link's end, so it is escaped too.
    private static func markdown(_ link: PostedLink) -> String {
        "[\(MattermostText.quoting(link.text).replacingOccurrences(of: "`", with: "\\`"))](\(link.target))"
    }
}
