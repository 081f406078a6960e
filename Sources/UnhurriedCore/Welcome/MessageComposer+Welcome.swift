import Foundation

/// Words of the welcome a newcomer to a channel gets in their DM.
extension MessageComposer {
    /// An ask with every part the context check looks for: who, what, where (a link), the question and by when.
    static let goodAskExample = "ask @ana Review the \"Target audience\" section of the Q3 brief https://… — "
        + "do our channels fit the new demographic data? by thursday"

    /// The channel's policy as `/policy` gives it, the newcomer's hours as `/hours` shows them (with how to change
    /// them), a good ask, and the
    /// channel's latest decisions.
    public static func welcome(
        to channel: ChatChannel, policy: ResponsePolicy, hours: WorkingHours, own: PersonalSettings, decisions: [Item]
    ) -> ChatMessage {
        let intro = RichText([
            .bold("Welcome to "), .channel(channel.channelID), .bold("!"),
            .text(" Asks here are tracked by Unhurried, with a response time counted in each person's working hours. How it works here:"),
        ])
        let ask = RichText([
            .bold("A good ask"), .text(" names who, what, where (a link), the specific question and by when:"), .lineBreak,
            .command(goodAskExample),
        ])
        var latest: [RichText.Span] = [.bold("Latest decisions here")]
        if decisions.isEmpty {
            latest += [.text(": none yet.")]
        }
        for decision in decisions {
            latest += [.lineBreak, .text("• "), .bold(decision.id.description), .text(" "), .time(decision.createdAt), .text(": "),
                       .text(excerpt(decision.request, limit: 160))]
        }
        let blocks = [MessageBlock.section(intro)] + Self.policy(policy, channel: channel.channelID).blocks
            + Self.hours(hours, own: own).blocks + [.section(ask), .section(RichText(latest)),
            .context(RichText([.command("decisions"), .text(" searches the log; "), .command("help"), .text(" lists every command.")]))]
        var message = ChatMessage(fallbackText: "Welcome to #\(channel.channelID): how asks work here", blocks: blocks)
        // It names people it quotes only to the newcomer; nobody else is called.
        message.callsPeopleNamed = false
        return message
    }
}
