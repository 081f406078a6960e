import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Renders core messages as Teams message activities holding one Adaptive Card (1.5, the newest Teams shows): sections
/// as wrapped text, context as small subtle text, an item's actions as a set of `Action.Execute` buttons whose data
/// names the item. People are called by mentions the card's `msteams.entities` name; people named without being called are
/// written by name. Instants use the card's `DATE`/`TIME` functions, so each reader sees their own zone.
struct TeamsMessageRenderer: Sendable {
    static let cardContentType = "application/vnd.microsoft.card.adaptive"
    /// Teams refuses a message over about 100 KB (`413 MessageSizeTooBig`), counted in UTF-16 with what it adds;
    /// its guidance is to stay under 80 KB.
    static let maximumActivityBytes = 80_000

    /// The size Teams counts: two bytes for each UTF-16 unit of the JSON.
    static func size(of activity: JSONValue) -> Int {
        String(decoding: activity.encoded(), as: UTF8.self).utf16.count * 2
    }
    /// The key of a button's data that marks it as Unhurried's, with the action as its value.
    static let actionKey = "unhurried"

    /// A message activity carrying the card, as a reply to `replyToID` when given, or as the new content of the message
    /// `id`. `names` are display names by user id.
    func activity(_ message: ChatMessage, names: [String: String], replyToID: String? = nil, id: String? = nil) -> JSONValue {
        let fitted = message.fitted { Self.size(of: activity(of: $0, names: names, replyToID: replyToID, id: id)) <= Self.maximumActivityBytes }
        return activity(of: fitted, names: names, replyToID: replyToID, id: id)
    }

    private func activity(of message: ChatMessage, names: [String: String], replyToID: String?, id: String?) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("type", "message"),
            // What notifications and the chat list show.
            ("summary", .string(String(message.fallbackText.prefix(200)))),
            ("attachments", [["contentType": .string(Self.cardContentType), "content": card(message, names: names)]]),
        ]
        if let replyToID { members.append(("replyToId", .string(replyToID))) }
        if let id { members.append(("id", .string(id))) }
        return .object(members)
    }

    /// The Adaptive Card itself: an activity's attachment, or the answer to a card action that shows it changed.
    func card(_ message: ChatMessage, names: [String: String]) -> JSONValue {
        var writer = CardWriter(names: names, uncalled: message.uncalledUsers)
        let body: [JSONValue] = message.blocks.map { block in
            switch block {
            case .section(let text):
                ["type": "TextBlock", "text": .string(writer.markdown(text)), "wrap": true]
            case .context(let text):
                ["type": "TextBlock", "text": .string(writer.markdown(text)), "wrap": true, "isSubtle": true, "size": "Small"]
            // Each item's buttons under its own text: a daily nudge lists several asks, each with its own.
            case .actions(let buttons):
                ["type": "ActionSet", "actions": .array(buttons.filter { $0.kind != .snoozeUntil }.map(Self.button))]
            }
        }
        return [
            "type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "version": "1.5", "body": .array(body),
            "msteams": ["width": "Full", "entities": .array(writer.mentions)],
        ]
    }

    /// `Action.Execute` sends an `adaptiveCard/action` invoke with the verb and data, which Teams waits on for its
    /// answer. Clients without Universal Actions fall back to `Action.Submit`, which sends the same data as a message.
    private static func button(_ action: MessageAction) -> JSONValue {
        let data: JSONValue = [actionKey: .string(action.kind.rawValue), "item": .string(String(action.itemID.rawValue))]
        var members: [(String, JSONValue)] = [
            ("type", "Action.Execute"), ("title", .string(action.label)), ("verb", .string(action.kind.rawValue)), ("data", data),
            ("fallback", ["type": "Action.Submit", "title": .string(action.label), "data": data]),
        ]
        if action.isPrimary { members.append(("style", "positive")) }
        return .object(members)
    }

    /// Writes rich text as a TextBlock's markdown, collecting the mention entities it needs.
    private struct CardWriter {
        let names: [String: String]
        let uncalled: Set<ChatUserID>
        var mentions: [JSONValue] = []

        mutating func markdown(_ text: RichText) -> String {
            text.spans.map { span in
                switch span {
                case .text(let value): TeamsText.markdown(value)
                case .bold(let value): "**\(TeamsText.markdown(value))**"
                // Cards have no code style.
                case .code(let value): TeamsText.markdown(value)
                case .command(let command): "**\(TeamsText.markdown(command))**"
                case .user(let user): mention(user)
                case .time(let date): Self.localTime(date)
                case .link(let link): Self.markdown(PostedLink(link, alsoEncoding: "() ", defusing: []))
                // Teams' links to a message need the team's group id, which the Bot Connector does not give.
                case .permalink(let link): "**\(TeamsText.markdown(link.label))**"
                case .channel(let id): "**\(TeamsText.markdown(names[id] ?? "another channel"))**"
                case .lineBreak: "\n\n"
                }
            }.joined()
        }

        private mutating func mention(_ user: ChatUserID) -> String {
            let name = names[user.rawValue] ?? "a teammate"
            guard !uncalled.contains(user) else { return "**\(TeamsText.markdown(name))**" }
            // Teams finds the entity's text in the card's, so both are written alike.
            let text = "<at>\(TeamsText.markdown(name))</at>"
            mentions.append(["type": "mention", "text": .string(text), "mentioned": ["id": .string(user.rawValue), "name": .string(name)]])
            return text
        }

        /// `{{DATE(…, SHORT)}} {{TIME(…)}}`: written by each reader's Teams in their own zone.
        private static func localTime(_ date: Date) -> String {
            let instant = date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
                .timeSeparator(.colon).timeZone(separator: .omitted))
            return "{{DATE(\(instant), SHORT)}} {{TIME(\(instant))}}"
        }

        private static func markdown(_ link: PostedLink) -> String {
            "[\(TeamsText.markdown(link.text))](\(link.target))"
        }
    }
}
