import Foundation
import UnhurriedCore

/// The events of a transaction the homeserver pushes (`PUT /_matrix/app/v1/transactions/{txnId}`) that Unhurried
/// acts on: commands, replies and ✅ reactions as chat events, and invitations of the bot to rooms.
public struct MatrixTransaction: Sendable {
    public enum Entry: Sendable, Equatable {
        /// `eventID` is the homeserver's id of the event: unique, so a transaction delivered twice is handled once.
        case event(eventID: String, ChatEvent)
        case invite(roomID: String)
    }

    public var entries: [Entry]

    /// Reactions that mean "done".
    static let doneReactions: Set<String> = ["✅", "✔️", "✔", "☑️", "☑"]

    /// Reads a transaction's JSON; nil when it is not one. `bot` is the application service's own user: its own
    /// messages come back in later transactions and are skipped. Only people on `allowedServers` (`*`: any) are
    /// heard: on a federated homeserver anyone could otherwise invite the bot and have it remind strangers.
    public init?(json: Data, bot: ChatUserID, workspaceID: String, commandPrefix: String, allowedServers: Set<String>) {
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any],
              let events = object["events"] as? [[String: Any]] else { return nil }
        entries = events.compactMap { event in
            guard let sender = event["sender"] as? String, allowedServers.contains("*") || allowedServers.contains(Self.server(of: sender))
            else { return nil }
            return Self.entry(event, bot: bot, workspaceID: workspaceID, commandPrefix: commandPrefix)
        }
    }

    /// `example.org` in `@alice:example.org` (a server name may carry a port).
    public static func server(of user: String) -> String {
        String(user.drop { $0 != ":" }.dropFirst())
    }

    private static func entry(_ event: [String: Any], bot: ChatUserID, workspaceID: String, commandPrefix: String) -> Entry? {
        guard let type = event["type"] as? String, let sender = event["sender"] as? String, sender != bot.rawValue,
              let roomID = event["room_id"] as? String, let eventID = event["event_id"] as? String,
              let content = event["content"] as? [String: Any] else { return nil }
        let channel = ChatChannel(platform: MatrixPlatform.name, workspaceID: workspaceID, channelID: roomID)
        let user = ChatUserID(sender)
        let relation = content["m.relates_to"] as? [String: Any]
        switch type {
        case "m.room.member":
            guard event["state_key"] as? String == bot.rawValue, content["membership"] as? String == "invite" else { return nil }
            return .invite(roomID: roomID)
        case "m.reaction":
            guard relation?["rel_type"] as? String == "m.annotation", let target = relation?["event_id"] as? String,
                  let key = relation?["key"] as? String, doneReactions.contains(key) else { return nil }
            return .event(eventID: eventID, .doneReaction(channel: channel, messageRef: target, user: user))
        case "m.room.message":
            // Edits repeat a message's text; running a command again because someone fixed a typo would do it twice.
            guard content["msgtype"] as? String == "m.text", content["m.new_content"] == nil,
                  relation?["rel_type"] as? String != "m.replace", let body = content["body"] as? String else { return nil }
            let threadRoot = relation?["rel_type"] as? String == "m.thread" ? relation?["event_id"] as? String : nil
            let html = content["format"] as? String == "org.matrix.custom.html" ? content["formatted_body"] as? String : nil
            if let tokens = command(body: body, html: html, bot: bot, prefix: commandPrefix) {
                return .event(eventID: eventID, .mention(channel: channel, user: user, tokens: tokens, messageRef: eventID, threadRef: threadRoot))
            }
            let repliedTo = (relation?["m.in_reply_to"] as? [String: Any])?["event_id"] as? String
            guard let parent = threadRoot ?? repliedTo else { return nil }
            return .event(eventID: eventID, .threadReply(channel: channel, parentRef: parent, user: user))
        default:
            return nil
        }
    }

    /// The command's words, verb first, when the message is one: it starts with the prefix (`!ask …`) or addresses
    /// the bot (`@unhurried:example.org ask …`).
    static func command(body: String, html: String?, bot: ChatUserID, prefix: String) -> [CommandToken]? {
        var tokens = MatrixText.tokens(body: body, formattedBody: html)
        switch tokens.first {
        case .word(let first) where first.count > prefix.count && first.hasPrefix(prefix):
            let verb = first.dropFirst(prefix.count)
            guard verb.first?.isLetter == true else { return nil }
            tokens[0] = .word(String(verb))
            return tokens
        case .mention(bot) where tokens.count > 1:
            // Clients write a pill and a colon: "Unhurried: inbox".
            let rest = tokens.dropFirst().drop { $0 == .word(":") || $0 == .word(",") }
            return rest.isEmpty ? nil : Array(rest)
        default:
            return nil
        }
    }
}
