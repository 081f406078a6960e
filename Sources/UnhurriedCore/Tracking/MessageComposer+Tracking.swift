import Foundation

extension MessageComposer {
    /// To the person who reacted to a message that mentions nobody: an ask needs someone to wait on.
    public static func nothingToTrack(_ reaction: ReactionName) -> ChatMessage {
        plain([.text("That message mentions nobody, so there is no one to ask and nothing was tracked. Mention the people it asks "),
               .text("in the message (edit it), then react with \(reaction.character) again, or use "),
               .command("ask @who … <what>"), .text(".")])
    }

    /// To the person who reacted to a message that cannot be read as an ask (an unknown `!tier`, too many people).
    public static func cannotTrack(_ error: CommandError) -> ChatMessage {
        var reply = self.error(error)
        reply.blocks.insert(.section(.text("That message could not be tracked as an ask; nothing was recorded.")), at: 0)
        reply.fallbackText = "That message could not be tracked as an ask. " + reply.fallbackText
        return reply
    }

    /// A message already tracked makes no second ask.
    public static func alreadyTracked(_ item: Item) -> ChatMessage {
        plain([.text("That message is already tracked as ask "), .bold(item.id.description), .text("; nothing new was recorded.")])
    }

    /// On a card tracked from a message: where it came from.
    static func originLine(_ item: Item) -> [RichText.Span] {
        guard let origin = item.origin else { return [] }
        return [.text("Tracked from "), .permalink(MessageLink(channel: item.channel, messageRef: origin.messageRef, label: "this message")),
                .text(" · ")]
    }
}
