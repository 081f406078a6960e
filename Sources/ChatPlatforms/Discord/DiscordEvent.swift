import UnhurriedCore

/// A Gateway event that bears on an item, as a chat event: a reply to one of the bot's messages (Discord's threads
/// of an ask are replies, as the bot posts its reminders), a ✅ on one, or a message in a direct conversation with the
/// bot (a standup answer, or a reply to a reminder sent there). Other bots' and webhooks' messages are not people's.
package enum DiscordEvent {
    /// Emoji that mean "done".
    static let doneEmoji: Set<String> = ["✅", "✔️", "☑️"]

    /// One Gateway event as the chat events it stands for, with the id every replica dedupes it by.
    package struct Received: Sendable {
        package let eventID: String
        package let events: [ChatEvent]
    }

    /// The events a payload stands for. A server's event is in that server; one in a direct conversation concerns an
    /// ask in one of `guilds`, addressed by the person's id as the scheduler sends there.
    package static func chatEvents(of payload: DiscordGatewayMessage.Payload, botID: String?, guilds: Set<String>) -> Received? {
        switch payload {
        case .messageCreated(let message):
            // People's messages and replies only: not a pin's notice (whose reference is the pinned card), a forward,
            // a bot's or a webhook's post.
            guard [0, 19].contains(message.type ?? 0), message.author.bot != true, message.webhookID == nil, message.author.id != botID
            else { return nil }
            let user = ChatUserID(message.author.id)
            let text = message.content ?? ""
            let reference = message.messageReference
            let repliedTo = (reference?.type ?? 0) == 0 ? reference?.messageID : nil
            let eventID = "message:\(message.id)"
            if let guild = message.guildID {
                guard let repliedTo else { return nil }
                let channel = ChatChannel(platform: DiscordPlatform.name, workspaceID: guild, channelID: message.channelID)
                return Received(eventID: eventID, events: [.threadReply(channel: channel, parentRef: repliedTo, user: user, text: text)])
            }
            return Received(eventID: eventID, events: guilds.sorted().map { guild in
                .directMessage(channel: direct(with: user, in: guild), user: user, text: text, messageRef: message.id, threadRef: repliedTo)
            })
        case .reactionAdded(let reaction):
            guard reaction.userID != botID, let name = reaction.emoji.name, doneEmoji.contains(name) else { return nil }
            let user = ChatUserID(reaction.userID)
            let eventID = "reaction:\(reaction.messageID):\(reaction.userID)"
            if let guild = reaction.guildID {
                let channel = ChatChannel(platform: DiscordPlatform.name, workspaceID: guild, channelID: reaction.channelID)
                return Received(eventID: eventID, events: [.doneReaction(channel: channel, messageRef: reaction.messageID, user: user)])
            }
            return Received(
                eventID: eventID, events: guilds.sorted().map { .doneReaction(channel: direct(with: user, in: $0), messageRef: reaction.messageID, user: user) })
        default:
            return nil
        }
    }

    private static func direct(with user: ChatUserID, in guild: String) -> ChatChannel {
        ChatChannel(platform: DiscordPlatform.name, workspaceID: guild, channelID: user.rawValue)
    }
}
