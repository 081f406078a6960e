import Foundation

extension CommandHandler {
    /// Whether `speaker` may see `item` whole: it is theirs, or in the channel they type in or one they may read. An item
    /// they may not see reads as no item at all, so its number tells nothing of a private channel.
    func mayRead(_ item: Item, speaker: ChatUserID, typingIn channel: ChatChannel, now: Date) async -> Bool {
        if item.channel == channel || item.author == speaker || item.assignment(of: speaker) != nil { return true }
        let readable = await readableChannels.readable(by: speaker, typingIn: channel, among: [item.channel.channelID], now: now)
        return readable.channelIDs.contains(item.channel.channelID)
    }
}
