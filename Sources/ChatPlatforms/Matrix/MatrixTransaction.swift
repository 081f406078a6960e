import ChatPlatformKit
import Foundation
import UnhurriedCore

/// The events of a transaction the homeserver pushes (`PUT /_matrix/app/v1/transactions/{txnId}`) that Unhurried
/// acts on: commands, replies, ✅ reactions and people joining rooms as chat events, and invitations of the bot to rooms.
public struct MatrixTransaction: Sendable {
    public enum Entry: Sendable, Equatable {
        /// `eventID` is the homeserver's id of the event: unique, so a transaction delivered twice is handled once.
        case event(eventID: String, ChatEvent)
        case invite(roomID: String)
    }

    public var entries: [Entry]
    /// Why each event that could not be read was skipped.
    package var unreadableEvents: [UndecodablePayload]

    /// Reactions that mean "done".
    static let doneReactions: Set<String> = ["✅", "✔️", "✔", "☑️", "☑"]

    /// Reads a transaction's JSON; nil when it is not one. `bot` is the application service's own user: its own
    /// messages come back in later transactions and are skipped. Only people on `allowedServers` (`*`: any) are
    /// heard: on a federated homeserver anyone could otherwise invite the bot and have it remind strangers.
    /// Fails when the body is not a transaction as the spec has it; an event in it that cannot be read is skipped, and
    /// why is in `unreadableEvents`.
    package init(
        decoding json: Data, bot: ChatUserID, workspaceID: String, commandPrefix: String, allowedServers: Set<String>
    ) throws(UndecodablePayload) {
        let transaction = try PayloadDecoder.decode(MatrixTransactionPayload.self, from: json)
        entries = []
        unreadableEvents = []
        for pushed in transaction.events {
            switch pushed.reading {
            case .failure(let failure):
                unreadableEvents.append(failure)
            case .success(let event) where allowedServers.contains("*") || allowedServers.contains(Self.server(of: event.sender)):
                if let entry = Self.entry(event, bot: bot, workspaceID: workspaceID, commandPrefix: commandPrefix) { entries.append(entry) }
            case .success:
                continue
            }
        }
    }

    /// `example.org` in `@alice:example.org` (a server name may carry a port).
    public static func server(of user: String) -> String {
        String(user.drop { $0 != ":" }.dropFirst())
    }

    private static func entry(_ event: MatrixRoomEvent, bot: ChatUserID, workspaceID: String, commandPrefix: String) -> Entry? {
        guard event.sender != bot.rawValue else { return nil }
        let channel = ChatChannel(platform: MatrixPlatform.name, workspaceID: workspaceID, channelID: event.roomID)
        let user = ChatUserID(event.sender)
        switch event.content {
        case .member(let member):
            if event.stateKey == bot.rawValue {
                return member.membership == "invite" ? .invite(roomID: event.roomID) : nil
            }
            // A person joining, not one already in changing their name or avatar (also a join, over a join).
            guard member.membership == "join", event.stateKey == event.sender, event.unsigned?.prevContent?.membership != "join"
            else { return nil }
            return .event(eventID: event.eventID, .joined(channel: channel, user: user))
        case .reaction(let reaction):
            guard let relation = reaction.relatesTo, relation.relType == "m.annotation", let target = relation.eventID,
                  let key = relation.key else { return nil }
            if doneReactions.contains(key) { return .event(eventID: event.eventID, .doneReaction(channel: channel, messageRef: target, user: user)) }
            // Other reactions count by the character of a name every platform shares; the policy says which one tracks.
            guard let known = ReactionName(character: key) else { return nil }
            return .event(eventID: event.eventID, .reaction(channel: channel, messageRef: target, user: user, reaction: known))
        case .message(let message):
            let relation = message.relatesTo
            // Edits repeat a message's text; running a command again because someone fixed a typo would do it twice.
            guard message.msgtype == "m.text", message.newContent == nil, relation?.relType != "m.replace", let body = message.body
            else { return nil }
            let threadRoot = relation?.relType == "m.thread" ? relation?.eventID : nil
            let html = message.format == "org.matrix.custom.html" ? message.formattedBody : nil
            if let tokens = command(body: body, html: html, bot: bot, prefix: commandPrefix) {
                return .event(eventID: event.eventID, .mention(
                    channel: channel, user: user, tokens: tokens, messageRef: event.eventID, threadRef: threadRoot))
            }
            guard let parent = threadRoot ?? relation?.inReplyTo?.eventID else { return nil }
            return .event(
                eventID: event.eventID,
                .threadReply(channel: channel, parentRef: parent, user: user, text: MatrixText.withoutReplyFallback(body)))
        case .other:
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
