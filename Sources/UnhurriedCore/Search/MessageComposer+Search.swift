import Foundation

extension MessageComposer {
    /// The answer to `/search`: each ask or pre-read found, linked to its card, with who asked it, where and when.
    static func searchResults(_ items: [Item], matching words: [String], cards: [ItemID: String], searched: ReadableChannels.Readable) -> ChatMessage {
        let query = words.joined(separator: " ")
        let scope = searchScope(searched, of: "asks")
        guard !items.isEmpty else {
            let place = searched.onlyThisChannel ? " in this channel." : " in the channels you can read."
            return plain([.text("No ask or pre-read matches `\(query)`, nor any reply under one," + place)] + scope)
        }
        var spans: [RichText.Span] = [.bold("Asks and pre-reads matching “\(query)”")]
        for item in items {
            let label = "\(item.id)"
            spans += [.lineBreak, cards[item.id].map { .permalink(MessageLink(channel: item.channel, messageRef: $0, label: label)) } ?? .bold(label)]
            spans += [.text(" \(item.kind.noun), \(item.status.rawValue), in "), .channel(item.channel.channelID), .text(" "), .time(item.createdAt),
                      .text(" · "), .user(item.author), .text(": \(excerpt(item.meeting?.title ?? item.request, limit: 160))")]
        }
        let hint = RichText([.command("show <id>"), .text(" has one whole, with its replies.")] + scope)
        var message = ChatMessage(fallbackText: "\(items.count) asks and pre-reads", blocks: [.section(RichText(spans)), .context(hint)])
        // An answer to one person: the people it names are named, not called.
        message.callsPeopleNamed = false
        return message
    }
}
