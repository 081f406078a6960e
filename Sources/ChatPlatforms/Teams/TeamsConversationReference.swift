import Foundation

/// Where a Teams conversation is posted into, kept from the activities it sends: the Bot Connector of its region
/// (`serviceUrl`) and the conversation's own id, which for a person's chat with the bot (`a:1…`) is not the id
/// Unhurried knows them by.
struct TeamsConversationReference: Codable, Sendable, Equatable {
    var serviceURL: String
    var conversationID: String
    /// `personal`, `groupChat` or `channel`.
    var conversationType: String

    /// Channel posts start threads; chats have none.
    var isChannel: Bool { conversationType == "channel" }
    /// A person's chat with the bot, where no one else is a member.
    var isPersonal: Bool { conversationType == "personal" }
}
