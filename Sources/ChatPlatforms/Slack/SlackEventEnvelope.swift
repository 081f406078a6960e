import Foundation
import UnhurriedCore

/// The outer shape of an Events API request.
public enum SlackEventEnvelope: Equatable, Sendable {
    /// Sent when the events URL is configured; answered by echoing the challenge.
    case urlVerification(challenge: String)
    /// An event of a workspace: `event` is nil when it is of a kind Unhurried does not act on.
    case callback(eventID: String, event: ChatEvent?)
    case other(type: String)

    /// The reaction that marks a part done.
    static let doneReaction = "white_check_mark"

    public init?(json: Data) {
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any],
              let type = object["type"] as? String else { return nil }
        switch type {
        case "url_verification":
            guard let challenge = object["challenge"] as? String else { return nil }
            self = .urlVerification(challenge: challenge)
        case "event_callback":
            guard let eventID = object["event_id"] as? String, let teamID = object["team_id"] as? String,
                  let event = object["event"] as? [String: Any] else { return nil }
            // The bot's own user id, so its mention can be told from the people an ask names.
            let botUserID = (object["authorizations"] as? [[String: Any]])?.first?["user_id"] as? String
            self = .callback(eventID: eventID, event: Self.chatEvent(event, teamID: teamID, botUserID: botUserID))
        default:
            self = .other(type: type)
        }
    }

    private static func chatEvent(_ event: [String: Any], teamID: String, botUserID: String?) -> ChatEvent? {
        func channel(_ id: String) -> ChatChannel { ChatChannel(platform: SlackPlatform.name, workspaceID: teamID, channelID: id) }
        // DMs are posted by user id; Slack reports events in them under the IM channel (D…). In the bot's DM with
        // someone, whoever replies or reacts is that someone, so their id names the conversation as it was posted.
        func conversation(_ id: String, of user: String) -> ChatChannel { channel(id.hasPrefix("D") ? user : id) }
        switch event["type"] as? String {
        case "message":
            // Edits, joins and bot posts (the bot's own reminders among them) carry a subtype or a bot_id; a reply
            // also sent to the channel, or one with a file, is still a person's reply.
            let subtype = event["subtype"] as? String
            guard subtype == nil || subtype == "thread_broadcast" || subtype == "file_share", event["bot_id"] == nil,
                  let user = event["user"] as? String,
                  let channelID = event["channel"] as? String, let ts = event["ts"] as? String else { return nil }
            let parent = (event["thread_ts"] as? String).flatMap { $0 == ts ? nil : $0 }
            // In the bot's DM a message is a reply to a reminder or a standup answer; elsewhere only replies matter.
            if event["channel_type"] as? String == "im", let text = event["text"] as? String {
                return .directMessage(
                    channel: conversation(channelID, of: user), user: ChatUserID(user), text: SlackText.readable(text), messageRef: ts, threadRef: parent)
            }
            guard let parent else { return nil }
            return .threadReply(channel: conversation(channelID, of: user), parentRef: parent, user: ChatUserID(user))
        case "app_mention":
            guard let user = event["user"] as? String, let channelID = event["channel"] as? String,
                  let ts = event["ts"] as? String, let text = event["text"] as? String else { return nil }
            var tokens = SlackText.tokens(from: text)
            if let botUserID {
                tokens.removeAll { $0 == .mention(ChatUserID(botUserID)) }
            } else if case .mention? = tokens.first {
                tokens.removeFirst()
            }
            return .mention(
                channel: channel(channelID), user: ChatUserID(user), tokens: tokens, messageRef: ts, threadRef: event["thread_ts"] as? String)
        case "reaction_added":
            guard event["reaction"] as? String == doneReaction, let user = event["user"] as? String,
                  let item = event["item"] as? [String: Any], item["type"] as? String == "message",
                  let channelID = item["channel"] as? String, let ts = item["ts"] as? String else { return nil }
            return .doneReaction(channel: conversation(channelID, of: user), messageRef: ts, user: ChatUserID(user))
        default:
            return nil
        }
    }
}
