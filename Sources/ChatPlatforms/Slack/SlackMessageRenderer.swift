import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Renders core messages as Block Kit with mrkdwn text.
public enum SlackMessageRenderer {
    /// The body of an immediate answer to a slash command, seen only by the person who typed it.
    public static func ephemeralResponse(_ message: ChatMessage) -> JSONValue {
        ["response_type": "ephemeral", "text": .string(fallbackText(message)), "blocks": blocks(message)]
    }

    /// A `chat.postMessage` body. The idempotency key rides along as message metadata, so a post whose
    /// confirmation was lost can be recognised in the channel's history instead of being sent twice. People with a
    /// name in `names` are written by it, which notifies nobody; the others are mentioned.
    public static func postMessage(
        _ message: ChatMessage, channel: String, threadTS: String? = nil, idempotencyKey: String, names: [ChatUserID: String] = [:]
    ) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("channel", .string(channel)),
            ("text", .string(fallbackText(message))),
            ("blocks", blocks(message, names: names)),
            ("unfurl_links", false),
            ("metadata", ["event_type": "unhurried_post", "event_payload": ["idempotency_key": .string(idempotencyKey)]]),
        ]
        if let threadTS { members.append(("thread_ts", .string(threadTS))) }
        return .object(members)
    }

    /// A `chat.postEphemeral` body: seen by `user` alone, in `channel`.
    public static func postEphemeral(_ message: ChatMessage, channel: String, user: String, threadTS: String?) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("channel", .string(channel)), ("user", .string(user)), ("text", .string(fallbackText(message))), ("blocks", blocks(message)),
        ]
        if let threadTS { members.append(("thread_ts", .string(threadTS))) }
        return .object(members)
    }

    /// A `chat.update` body: the message `ts` in `channel` gets new text and blocks.
    public static func update(_ message: ChatMessage, channel: String, ts: String) -> JSONValue {
        ["channel": .string(channel), "ts": .string(ts), "text": .string(fallbackText(message)), "blocks": blocks(message)]
    }

    /// Slack reads a message's `text` as mrkdwn too, for notifications and where blocks cannot be shown.
    /// What a notification shows, cut to what Slack takes once quoted.
    private static func fallbackText(_ message: ChatMessage) -> String {
        let limit = BlockKitLimits.fallbackCharacters
        return SlackText.quoting(RichText.text(message.fallbackText).fitted(atMost: limit) { SlackText.quoting($0.plainText).utf16.count <= limit }.plainText)
    }

    /// The message's blocks within Block Kit's limits: a long section becomes several, and a message that would
    /// still be too long for Slack is cut with "…", its buttons kept.
    public static func blocks(_ message: ChatMessage, names: [ChatUserID: String] = [:]) -> JSONValue {
        let whole = blocks(of: message, names: names)
        if BlockKitLimits.fit(whole) { return .array(whole) }
        let fitted = message.fitted(atMost: BlockKitLimits.blockTextCharacters) { BlockKitLimits.fit(blocks(of: $0, names: names)) }
        return .array(blocks(of: fitted, names: names))
    }

    private static func blocks(of message: ChatMessage, names: [ChatUserID: String]) -> [JSONValue] {
        message.blocks.flatMap { block($0, names: names) }
    }

    private static func block(_ block: MessageBlock, names: [ChatUserID: String]) -> [JSONValue] {
        switch block {
        case .section(let text):
            return sectionTexts(text, names: names).map { ["type": "section", "text": ["type": "mrkdwn", "text": .string($0)]] }
        case .context(let text):
            let fitted = mrkdwn(text.fitted { BlockKitLimits.fitsText(mrkdwn($0, names: names)) }, names: names)
            return [["type": "context", "elements": [["type": "mrkdwn", "text": .string(fitted)]]]]
        case .actions(let actions):
            let blockID = actions.first.map { SlackInteraction.blockID(of: $0.itemID) } ?? "actions"
            return [["type": "actions", "block_id": .string(blockID), "elements": .array(elements(for: actions))]]
        }
    }

    /// A section's mrkdwn in parts Slack takes: whole lines packed into as few sections as fit, and a line too long
    /// for one section continued in the next.
    private static func sectionTexts(_ text: RichText, names: [ChatUserID: String]) -> [String] {
        let whole = mrkdwn(text, names: names)
        if BlockKitLimits.fitsText(whole) { return [whole] }
        var sections: [String] = []
        for line in text.lines {
            let pieces = line.pieces { BlockKitLimits.fitsText(mrkdwn($0, names: names)) }.map { mrkdwn($0, names: names) }
            if let last = sections.last, let first = pieces.first, BlockKitLimits.fitsText(last + "\n" + first) {
                sections[sections.count - 1] = last + "\n" + first
                sections += pieces.dropFirst()
            } else {
                sections += pieces
            }
        }
        return sections
    }

    /// Buttons for most actions; the snoozes share one overflow menu, and picking an instant is a date-time picker.
    private static func elements(for actions: [MessageAction]) -> [JSONValue] {
        var elements: [JSONValue] = []
        var snoozeOptions: [JSONValue] = []
        for action in actions {
            switch action.kind {
            case .acknowledge, .done, .markRead, .raiseQuestion, .requestInfo:
                var members: [(String, JSONValue)] = [
                    ("type", "button"),
                    ("action_id", .string(action.kind.rawValue)),
                    ("value", .string(String(action.itemID.rawValue))),
                    ("text", ["type": "plain_text", "text": .string(BlockKitLimits.label(action.label))]),
                ]
                if action.isPrimary { members.append(("style", "primary")) }
                elements.append(.object(members))
            case .snoozeHour, .snoozeTomorrow:
                snoozeOptions.append([
                    "text": ["type": "plain_text", "text": .string(BlockKitLimits.label(action.label))],
                    "value": .string(SlackInteraction.optionValue(action)),
                ])
            case .snoozeUntil:
                elements.append(["type": "datetimepicker", "action_id": .string(action.kind.rawValue)])
            }
        }
        if !snoozeOptions.isEmpty {
            elements.append(["type": "overflow", "action_id": "snooze", "options": .array(snoozeOptions)])
        }
        return elements
    }

    public static func mrkdwn(_ text: RichText, names: [ChatUserID: String] = [:]) -> String {
        // Every ask's reply and card is rendered here: the spans are written into one buffer of bytes, a fraction of
        // the cost of a string per span joined at the end.
        var written: [UInt8] = []
        written.reserveCapacity(256)
        for span in text.spans {
            switch span {
            case .text(let value): written += SlackText.quoting(value).utf8
            case .bold(let value): written += "*\(SlackText.quoting(value))*".utf8
            case .code(let value): written += "`\(SlackText.quoting(value))`".utf8
            case .command(let command): written += "`\(SlackText.escape(slashCommand(command)))`".utf8
            // Slack's permalinks name the channel and the message's ts without its dot; slack.com sends people on to
            // their workspace.
            case .permalink(let link):
                written += "<https://slack.com/archives/\(link.channel.channelID)/p\(link.messageRef.replacingOccurrences(of: ".", with: ""))|\(SlackText.escape(link.label))>".utf8
            case .user(let user): written += (names[user].map { "*\(SlackText.quoting($0))*" } ?? "<@\(SlackText.escape(user.rawValue))>").utf8
            case .time(let date): writeDateToken(date, into: &written)
            case .link(let link): written += self.link(PostedLink(link, defusing: SlackText.broadcasts)).utf8
            case .channel(let id): written += "<#\(SlackText.escape(id))>".utf8
            case .lineBreak: written.append(UInt8(ascii: "\n"))
            }
        }
        return String(decoding: written, as: UTF8.self)
    }

    /// `<target|text>`; Slack reads entities in both. A "|" would end the text early; "¦" reads the same.
    private static func link(_ link: PostedLink) -> String {
        var text = SlackText.quoting(link.text)
        if text.containsUTF8Byte(UInt8(ascii: "|")) { text = String(text.map { $0 == "|" ? "¦" : $0 }) }
        return "<\(SlackText.escape(link.target))|\(text)>"
    }

    /// A command as typed on Slack: its own `/verb` where the manifest registers one, else through `/async`.
    static func slashCommand(_ command: String) -> String {
        let verb = command.prefix { !$0.isWhitespace }.lowercased()
        return SlackPlatform.verbsOnlyThroughCatchAll.contains(verb) ? "\(SlackPlatform.catchAllCommand) \(command)" : "/\(command)"
    }

    /// `<!date^…>` shows the instant in each reader's own zone; the fallback after `|` is UTC.
    private static func writeDateToken(_ date: Date, into written: inout [UInt8]) {
        written += "<!date^".utf8
        written += String(Int64(date.timeIntervalSince1970.rounded(.down))).utf8
        written += "^{date_short_pretty} {time}|".utf8
        written += UTCTime.text(date).utf8
        written.append(UInt8(ascii: ">"))
    }
}
