import ChatPlatformKit
import Foundation
import UnhurriedCore

/// The outer shape of an Events API request.
public enum SlackEventEnvelope: Equatable, Sendable {
    /// Sent when the events URL is configured; answered by echoing the challenge.
    case urlVerification(challenge: String)
    /// An event of a workspace: `event` is nil when it is of a kind Unhurried does not act on.
    case callback(eventID: String, event: ChatEvent?)
    /// Someone's profile changed, or someone joined the workspace (`user_change`, `team_join`): what it says of their zone.
    case profileChanged(workspace: WorkspaceRef, profile: ProfileZone)
    case other(type: String)

    /// The reaction that marks a part done.
    static let doneReaction = "white_check_mark"

    /// Fails when the body is not an Events API request as Slack documents it.
    package init(decoding json: Data) throws(UndecodablePayload) {
        switch try PayloadDecoder.decode(SlackEventPayload.self, from: json) {
        case .urlVerification(let challenge):
            self = .urlVerification(challenge: challenge)
        case .eventCallback(let callback) where ["user_change", "team_join"].contains(callback.event.type ?? ""):
            // Their `user` is a whole user object, where other events name a user by id.
            let user = try PayloadDecoder.decode(SlackProfileEventCallback.self, from: json).event.user
            guard let id = user.id else { throw .missingField("event.user.id") }
            // A deactivation is a `user_change` too; nobody asks a departed person or a bot.
            guard user.isAskablePerson else {
                self = .other(type: callback.event.type ?? "user_change")
                return
            }
            self = .profileChanged(
                workspace: WorkspaceRef(platform: SlackPlatform.name, workspaceID: callback.teamID), profile: ProfileZone(user: ChatUserID(id), zone: user.tz))
        case .eventCallback(let callback):
            // The bot's own user id, so its mention can be told from the people an ask names.
            let botUserID = callback.authorizations?.first?.userID
            self = .callback(eventID: callback.eventID, event: Self.chatEvent(callback.event, teamID: callback.teamID, botUserID: botUserID))
        case .other(let type):
            self = .other(type: type)
        }
    }

    /// Whether `text` starts with `<@U…>` (or `<@U…|name>`) for `user`, whitespace aside.
    private static func opens(_ text: String, withMentionOf user: String) -> Bool {
        let start = text.drop { $0.isWhitespace }
        return start.hasPrefix("<@\(user)>") || start.hasPrefix("<@\(user)|")
    }

    private static func chatEvent(_ event: SlackEvent, teamID: String, botUserID: String?) -> ChatEvent? {
        func channel(_ id: String) -> ChatChannel { ChatChannel(platform: SlackPlatform.name, workspaceID: teamID, channelID: id) }
        // DMs are posted by user id; Slack reports events in them under the IM channel (D…). In the bot's DM with
        // someone, whoever replies or reacts is that someone, so their id names the conversation as it was posted.
        func conversation(_ id: String, of user: String) -> ChatChannel { channel(id.hasPrefix("D") ? user : id) }
        switch event.type {
        case "message":
            // Edits, joins and bot posts (the bot's own reminders among them) carry a subtype or a bot_id; a reply
            // also sent to the channel, or one with a file, is still a person's reply.
            let subtype = event.subtype
            guard subtype == nil || subtype == "thread_broadcast" || subtype == "file_share", event.botID == nil,
                  let user = event.user, let channelID = event.channel, let ts = event.ts else { return nil }
            let parent = event.threadTS.flatMap { $0 == ts ? nil : $0 }
            // In the bot's DM a message is a reply to a reminder or a standup answer; elsewhere only replies matter.
            if event.channelType == "im", let text = event.text {
                return .directMessage(
                    channel: conversation(channelID, of: user), user: ChatUserID(user), text: SlackText.readable(text), messageRef: ts, threadRef: parent)
            }
            guard let parent else { return nil }
            // A command by mention arrives again as `app_mention`, which runs it; it is not an answer to keep. Every thread
            // reply in the bot's channels passes here, most about nothing of Unhurried's: a look at the first characters,
            // not a reading of the text.
            if let botUserID, let text = event.text, Self.opens(text, withMentionOf: botUserID) { return nil }
            return .threadReply(
                channel: conversation(channelID, of: user), parentRef: parent, user: ChatUserID(user), text: SlackText.readable(event.text ?? ""))
        case "app_mention":
            guard let user = event.user, let channelID = event.channel, let ts = event.ts, let text = event.text else { return nil }
            var tokens = SlackText.tokens(from: text)
            if let botUserID {
                tokens.removeAll { $0 == .mention(ChatUserID(botUserID)) }
            } else if case .mention? = tokens.first {
                tokens.removeFirst()
            }
            return .mention(channel: channel(channelID), user: ChatUserID(user), tokens: tokens, messageRef: ts, threadRef: event.threadTS)
        case "reaction_added":
            guard let name = event.reaction, let user = event.user, let item = event.item, item.type == "message",
                  let channelID = item.channel, let ts = item.ts else { return nil }
            if name == doneReaction { return .doneReaction(channel: conversation(channelID, of: user), messageRef: ts, user: ChatUserID(user)) }
            // Other reactions matter only by the names every platform shares; the policy says which one tracks a message.
            guard let reaction = ReactionName(named: name) else { return nil }
            return .reaction(channel: conversation(channelID, of: user), messageRef: ts, user: ChatUserID(user), reaction: reaction)
        case "member_joined_channel":
            // The bot joining a channel is told too; it needs no welcome.
            guard let user = event.user, user != botUserID, let channelID = event.channel else { return nil }
            return .joined(channel: channel(channelID), user: ChatUserID(user))
        default:
            return nil
        }
    }
}
