import ChatPlatformKit
import Crypto
import Foundation
import UnhurriedCore

/// Renders core messages as Discord messages: Markdown content, an item's buttons as message components, and
/// `allowed_mentions` naming exactly the people a message calls, so that nothing else in it (`@everyone`, a role, a
/// person named in someone's words) notifies anyone.
public enum DiscordMessageRenderer {
    /// Discord refuses content of more than 2,000 characters.
    public static let maximumContent = 2_000
    /// A message has at most five rows of at most five buttons.
    static let maximumRows = 5
    static let maximumButtonsPerRow = 5
    /// `allowed_mentions.users` names at most 100 people.
    static let maximumAllowedUsers = 100
    /// Interaction answers with this flag are shown to the person who acted alone.
    static let ephemeralFlag = 1 << 6

    /// The answer to a command or a press, shown only to whoever acted, calling nobody.
    public static func ephemeralAnswer(_ message: ChatMessage) -> JSONValue {
        var message = message
        message.callsPeopleNamed = false
        var data = members(of: message, buttonsFor: nil)
        data.append(("flags", .number(Double(ephemeralFlag))))
        return ["type": .number(Double(DiscordInteraction.Answer.channelMessage.rawValue)), "data": .object(data)]
    }

    /// The body that edits a deferred answer in (`PATCH /webhooks/{application}/{token}/messages/@original`): it stays
    /// private, as it was deferred, and calls nobody.
    public static func answerEdit(_ message: ChatMessage) -> JSONValue {
        var message = message
        message.callsPeopleNamed = false
        return .object(members(of: message, buttonsFor: nil))
    }

    /// A `POST /channels/{id}/messages` body. The nonce, enforced, makes Discord answer a repeated post with the message
    /// it made the first time, for a few minutes; a reply names the message it answers.
    public static func post(_ message: ChatMessage, guildID: String, nonce: String?, replyingTo messageID: String?) -> JSONValue {
        var body = members(of: message, buttonsFor: guildID)
        if let nonce { body += [("nonce", .string(nonce)), ("enforce_nonce", true)] }
        if let messageID {
            body.append(("message_reference", ["message_id": .string(messageID), "fail_if_not_exists": false]))
        }
        return .object(body)
    }

    /// A `PATCH /channels/{id}/messages/{id}` body: new content and buttons.
    public static func edit(_ message: ChatMessage, guildID: String) -> JSONValue {
        .object(members(of: message, buttonsFor: guildID))
    }

    /// Discord's nonce holds 25 characters; an idempotency key is longer, so a digest of it stands in.
    public static func nonce(of idempotencyKey: String) -> String {
        String(Hex.string(SHA256.hash(data: Data(idempotencyKey.utf8))).prefix(25))
    }

    /// Buttons only with the server their items belong to.
    private static func members(of message: ChatMessage, buttonsFor guildID: String?) -> [(String, JSONValue)] {
        let rows = guildID.map { buttonRows(message, guildID: $0) } ?? []
        let fitted = message.fitted(atMost: maximumContent) { content($0, buttonsShown: rows.count).utf16.count <= maximumContent }
        let called = message.callsPeopleNamed ? message.namedUsers.subtracting(message.uncalledUsers) : []
        return [
            ("content", .string(content(fitted, buttonsShown: rows.count))),
            ("components", .array(rows)),
            ("allowed_mentions", ["parse": [], "users": .array(called.map(\.rawValue).sorted().prefix(maximumAllowedUsers).map(JSONValue.string))]),
        ]
    }

    /// The text; actions without buttons (in an answer, or beyond the rows a message can hold) say what to type instead.
    /// Rows are counted as `buttonRows` makes them: one per block with an action Discord shows as a button.
    static func content(_ message: ChatMessage, buttonsShown: Int) -> String {
        var rows = 0
        return message.blocks.compactMap { block -> String? in
            switch block {
            case .section(let text): return markdown(text)
            case .context(let text): return subtext(markdown(text))
            case .actions(let actions):
                if actions.contains(where: { DiscordButton.kinds.contains($0.kind) }) {
                    rows += 1
                    if rows <= buttonsShown { return nil }
                }
                return subtext(markdown(MessageAction.typedAlternatives(to: actions)))
            }
        }.joined(separator: "\n")
    }

    /// Discord's small grey text, a line at a time.
    private static func subtext(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "-# \($0)" }.joined(separator: "\n")
    }

    static func markdown(_ text: RichText) -> String {
        var written = ""
        for span in text.spans {
            written += markdown(span, atLineStart: written.isEmpty || written.hasSuffix("\n"))
        }
        return written
    }

    private static func markdown(_ span: RichText.Span, atLineStart: Bool) -> String {
        switch span {
        case .text(let value): DiscordText.quoting(value, atLineStart: atLineStart)
        case .bold(let value): "**\(DiscordText.quoting(value, atLineStart: false))**"
        case .code(let value): CodeSpan.fenced(value)
        case .command(let command): CodeSpan.fenced("/\(command)")
        case .user(let user): "<@\(user.rawValue)>"
        // Each reader sees the instant in their own zone.
        case .time(let date): "<t:\(Int(date.timeIntervalSince1970.rounded(.down))):f>"
        case .link(let link): markdown(PostedLink(link, alsoEncoding: "()<>", defusing: []))
        case .permalink(let link):
            "[\(DiscordText.quoting(link.label, atLineStart: false))](\(permalink(link)))"
        case .channel(let id): DiscordText.isSnowflake(id) ? "<#\(id)>" : "**\(DiscordText.quoting(id, atLineStart: false))**"
        case .lineBreak: "\n"
        }
    }

    /// Where Discord's clients open a message: the server, the channel, the message.
    private static func permalink(_ link: MessageLink) -> String {
        "https://discord.com/channels/\(link.channel.workspaceID)/\(link.channel.channelID)/\(link.messageRef)"
    }

    /// `[text](target)`, the address kept from showing a preview.
    private static func markdown(_ link: PostedLink) -> String {
        "[\(DiscordText.quoting(link.text, atLineStart: false))](<\(link.target)>)"
    }

    /// A row of buttons per item, as many as a message holds. A message about several items (a daily nudge) numbers
    /// each button with its item.
    static func buttonRows(_ message: ChatMessage, guildID: String) -> [JSONValue] {
        let actionBlocks = message.blocks.compactMap { block -> [MessageAction]? in
            if case .actions(let actions) = block { return actions.filter { DiscordButton.kinds.contains($0.kind) } }
            return nil
        }.filter { !$0.isEmpty }
        let numbered = actionBlocks.count > 1
        return actionBlocks.prefix(maximumRows).map { actions in
            let buttons = actions.prefix(maximumButtonsPerRow).map { action -> JSONValue in
                let label = numbered ? "\(action.label) (\(action.itemID))" : action.label
                return [
                    "type": 2, "style": .number(action.isPrimary ? 1 : 2), "label": .string(String(label.prefix(80))),
                    "custom_id": .string(DiscordButton(kind: action.kind, itemID: action.itemID, guildID: guildID).customID),
                ]
            }
            return ["type": 1, "components": .array(buttons)]
        }
    }
}
