import Foundation

/// Words of the decision log: the decision as posted, the answer to recording one, and search results.
extension MessageComposer {
    public static func decisionCard(_ decision: Item) -> ChatMessage {
        var spans: [RichText.Span] = [.bold("Decision \(decision.id)")]
        if decision.status == .superseded { spans.append(.text(" (superseded)")) }
        spans += [.text(" by "), .user(decision.author), .text(" · "), .time(decision.createdAt), .lineBreak, .text(cardText(decision.request))]
        var blocks: [MessageBlock] = [.section(RichText(spans))]
        if let links = linksSection(decision.links) { blocks.append(links) }
        var context = wholeItemHint(decision)
        if let earlier = decision.supersedes { context += [.text("Supersedes \(earlier) · ")] }
        context += [.command("decisions"), .text(" searches the log · "), .command("decision supersede \(decision.id.rawValue) …"), .text(" replaces it")]
        blocks.append(.context(RichText(context)))
        var card = ChatMessage(fallbackText: "Decision \(decision.id): \(excerpt(decision.request, limit: 120))", blocks: blocks)
        // It names who decided, who posted it and needs no call.
        card.callsPeopleNamed = false
        return card
    }

    public static func decisionRecorded(_ decision: Item) -> ChatMessage {
        let replaced = decision.supersedes.map { "; it supersedes \($0), which stays in the log" } ?? ""
        return plain([.text("Recorded decision "), .bold(decision.id.description), .text("\(replaced). It is posted here; "),
                      .command("decisions"), .text(" finds it later.")])
    }

    public static func cannotSupersede(_ id: ItemID, found: Item?) -> ChatMessage {
        switch found {
        case nil: plain("There is no decision \(id) in this channel; nothing was recorded.")
        case let item? where item.kind != .decision: plain("\(id) is \(item.kind == .preread ? "a pre-read" : "an ask"), not a decision; nothing was recorded.")
        case let item?: plain("\(id) is already \(item.status.rawValue); nothing was recorded. Supersede the decision that replaced it.")
        }
    }

    /// The best matches, each with the channel it was made in and a link to its post when it was posted, and what
    /// the search could not read.
    static func decisions(_ decisions: [Item], matching words: [String], cards: [ItemID: String], searched: ReadableChannels.Readable) -> ChatMessage {
        let query = words.joined(separator: " ")
        let scope = searchScope(searched, of: "decisions")
        guard !decisions.isEmpty else {
            let text = query.isEmpty ? "No decisions recorded yet" : "No decision matches `\(query)`"
            return plain([.text(text + (searched.onlyThisChannel ? " in this channel." : " in the channels you can read."))] + scope)
        }
        var spans: [RichText.Span] = [.bold(query.isEmpty ? "Latest decisions" : "Decisions matching “\(query)”")]
        for decision in decisions {
            spans += [.lineBreak]
            let label = "\(decision.id)"
            if let ref = cards[decision.id] {
                spans.append(.permalink(MessageLink(channel: decision.channel, messageRef: ref, label: label)))
            } else {
                spans.append(.bold(label))
            }
            let state = decision.status == .superseded ? " (superseded)" : ""
            spans += [.text("\(state) in "), .channel(decision.channel.channelID), .text(" "), .time(decision.createdAt), .text(" · "),
                      .user(decision.author), .text(": \(excerpt(decision.request, limit: 160))")]
        }
        var blocks: [MessageBlock] = [.section(RichText(spans))]
        if !scope.isEmpty { blocks.append(.context(RichText(scope))) }
        return ChatMessage(fallbackText: "\(decisions.count) decisions", blocks: blocks)
    }

    /// What a search of `noun` left out, in words; nothing when it read every channel it should.
    static func searchScope(_ searched: ReadableChannels.Readable, of noun: String) -> [RichText.Span] {
        if searched.onlyThisChannel {
            return [.text(" Only this channel's \(noun) are searched here: this chat platform cannot tell Unhurried which channels you are in.")]
        }
        guard searched.unchecked > 0 else { return [] }
        let channels = searched.unchecked == 1 ? "1 channel" : "\(searched.unchecked) channels"
        return [.text(" \(channels) could not be checked just now and \(searched.unchecked == 1 ? "was" : "were") left out; try again in a minute.")]
    }
}
