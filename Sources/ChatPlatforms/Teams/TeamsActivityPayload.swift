import ChatPlatformKit
import Foundation

/// A Bot Framework activity as Teams posts it to the messaging endpoint, with the fields Unhurried reads. Teams adds
/// types and fields over time; whatever is not named here is ignored, and a type Unhurried does not act on is answered
/// 200 all the same.
struct TeamsActivityPayload: Decodable, Sendable {
    struct Account: Decodable, Sendable {
        var id: String
        var name: String?
    }

    struct Conversation: Decodable, Sendable {
        var id: String
        /// `personal`, `groupChat` or `channel`.
        var conversationType: String?
        var tenantId: String?
        /// True in group chats and channels.
        var isGroup: Bool?
    }

    struct Entity: Decodable, Sendable {
        var type: String
        /// A mention's person, and the text of it in the message (`<at>Bob</at>`).
        var mentioned: Account?
        var text: String?
        /// A `clientInfo` entity's IANA zone.
        var timezone: String?
    }

    struct ChannelData: Decodable, Sendable {
        struct Tenant: Decodable, Sendable {
            var id: String?
        }

        var tenant: Tenant?
    }

    struct Reaction: Decodable, Sendable {
        var type: String
    }

    var type: String
    var id: String?
    var serviceUrl: String
    var channelId: String
    var from: Account?
    var conversation: Conversation
    var text: String?
    var entities: [Entity]?
    var channelData: ChannelData?
    var replyToId: String?
    var localTimezone: String?
    var membersAdded: [Account]?
    var reactionsAdded: [Reaction]?
    /// An `installationUpdate`'s `add`, `remove`, `add-upgrade` or `remove-upgrade`.
    var action: String?
    /// An invoke's name (`adaptiveCard/action`).
    var name: String?
    /// A card action's data: an invoke's `{action: {verb, data}}`, or an Action.Submit's data in a message.
    var value: JSONValue?

    /// The tenant the activity came from: the conversation's, else the channel data's.
    var tenantID: String? {
        conversation.tenantId ?? channelData?.tenant?.id
    }
}
