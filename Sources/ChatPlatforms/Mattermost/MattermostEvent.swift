import ChatPlatformKit
import Foundation
import UnhurriedCore

/// An event Mattermost pushes over its WebSocket (`/api/v4/websocket`) that bears on an ask: a reply in a thread
/// (`posted` with a `root_id`) or a ✅ (`reaction_added`); or a newcomer to a channel (`user_added`). Neither names the channel's team reliably — a reaction
/// never does — so the listener looks the team up before it becomes a chat event.
public enum MattermostEvent: Sendable, Equatable {
    case reply(postID: String, channelID: String, rootID: String, userID: String, text: String)
    case doneReaction(channelID: String, postID: String, userID: String)
    /// `user_added`: someone joined the channel (or was added to it).
    case joined(channelID: String, userID: String)
    /// Another reaction known by name on any post; the policy's track reaction makes the post an ask.
    case reaction(channelID: String, postID: String, userID: String, reaction: ReactionName)

    /// Emoji names that mean "done".
    static let doneEmoji: Set<String> = ["white_check_mark", "heavy_check_mark", "ballot_box_with_check"]

    /// Reads one WebSocket message; nil for anything else (typing, status, the bot's own posts, replies by webhooks).
    package init?(_ message: MattermostSocketMessage, botUserID: String?) {
        switch message.data {
        case .posted(let post):
            guard post.userID != botUserID, let rootID = post.rootID, !rootID.isEmpty,
                  // System messages (joins, header changes) carry a type; a person's post has none.
                  (post.type ?? "").isEmpty, post.props?.fromWebhook != "true" else { return nil }
            self = .reply(postID: post.id, channelID: post.channelID, rootID: rootID, userID: post.userID, text: post.message ?? "")
        case .reactionAdded(let reaction):
            guard reaction.userID != botUserID, let channelID = message.broadcast?.channelID ?? reaction.channelID, !channelID.isEmpty
            else { return nil }
            if Self.doneEmoji.contains(reaction.emojiName) {
                self = .doneReaction(channelID: channelID, postID: reaction.postID, userID: reaction.userID)
            } else if let known = ReactionName(named: reaction.emojiName) {
                self = .reaction(channelID: channelID, postID: reaction.postID, userID: reaction.userID, reaction: known)
            } else {
                return nil
            }
        case .userAdded(let userID):
            // The bot added to a channel needs no welcome.
            guard userID != botUserID, let channelID = message.broadcast?.channelID, !channelID.isEmpty else { return nil }
            self = .joined(channelID: channelID, userID: userID)
        case .userUpdated, .other:
            return nil
        }
    }

    public var channelID: String {
        switch self {
        case .reply(_, let channelID, _, _, _), .doneReaction(let channelID, _, _), .joined(let channelID, _), .reaction(let channelID, _, _, _):
            channelID
        }
    }

    /// An id for deduplication: every replica receives every event.
    public var eventID: String {
        switch self {
        case .reply(let postID, _, _, _, _): "post:\(postID)"
        case .doneReaction(_, let postID, let userID): "reaction:\(postID):\(userID)"
        // A join again later is the same welcome, sent once: the outbox keys it by channel and person.
        case .joined(let channelID, let userID): "joined:\(channelID):\(userID)"
        case .reaction(_, let postID, let userID, let reaction): "reaction:\(postID):\(userID):\(reaction.name)"
        }
    }

    public var userID: String {
        switch self {
        case .reply(_, _, _, let userID, _), .doneReaction(_, _, let userID), .joined(_, let userID), .reaction(_, _, let userID, _): userID
        }
    }

    /// The chat event in a team's channel, once the team is known.
    public func chatEvent(teamID: String) -> ChatEvent {
        chatEvent(in: ChatChannel(platform: MattermostPlatform.name, workspaceID: teamID, channelID: channelID))
    }

    /// The chat event in the bot's direct channel with its author: posts to a person are addressed by their user id,
    /// as the scheduler sends them, in the team of the ask they are about.
    public func chatEventInDirectChannel(teamID: String) -> ChatEvent {
        chatEvent(in: ChatChannel(platform: MattermostPlatform.name, workspaceID: teamID, channelID: userID))
    }

    private func chatEvent(in channel: ChatChannel) -> ChatEvent {
        switch self {
        case .reply(_, _, let rootID, let userID, let text): .threadReply(channel: channel, parentRef: rootID, user: ChatUserID(userID), text: text)
        case .doneReaction(_, let postID, let userID): .doneReaction(channel: channel, messageRef: postID, user: ChatUserID(userID))
        case .joined(_, let userID): .joined(channel: channel, user: ChatUserID(userID))
        case .reaction(_, let postID, let userID, let reaction):
            .reaction(channel: channel, messageRef: postID, user: ChatUserID(userID), reaction: reaction)
        }
    }
}
