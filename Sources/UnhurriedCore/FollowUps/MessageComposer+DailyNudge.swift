import Foundation

/// Words of a daily nudge: every ask in daily mode waiting on one person, in their DM at the start of their day.
extension MessageComposer {
    /// This many asks get their own buttons; Slack takes at most 50 blocks a message, and a long list is read in
    /// `/inbox` anyway.
    static let nudgeAsksWithButtons = 10
    /// After those, this many more get a line each; the rest are counted.
    static let nudgeAsksListed = 30

    /// `waiting` comes earliest deadline first; an ask whose deadline is at or before `instant` is marked overdue.
    public static func dailyNudge(_ waiting: [(item: Item, assignment: Assignment)], to person: ChatUserID, at instant: Date) -> ChatMessage {
        let overdue = waiting.filter { $0.assignment.dueAt <= instant }.count
        let asks = waiting.count == 1 ? "1 ask" : "\(waiting.count) asks"
        var heading: [RichText.Span] = [.bold("Waiting on you: \(asks)")]
        if overdue > 0 { heading.append(.text(", \(overdue) past \(overdue == 1 ? "its" : "their") deadline")) }
        heading.append(.text(". Earliest deadline first:"))
        var blocks: [MessageBlock] = [.section(RichText(heading))]
        for (item, assignment) in waiting.prefix(nudgeAsksWithButtons) {
            let isOverdue = assignment.dueAt <= instant
            var spans: [RichText.Span] = isOverdue ? [.bold("Overdue: ask \(item.id)")] : [.bold("Ask \(item.id)")]
            spans += [.text(" from "), .user(item.author), .text(isOverdue ? " was due " : " is due "), .time(assignment.dueAt), .text("."),
                      .lineBreak, .text(excerpt(item.request, limit: 200))]
            blocks += [.section(RichText(spans)), .actions(itemActions(item.id))]
        }
        let unbuttoned = waiting.dropFirst(nudgeAsksWithButtons)
        if !unbuttoned.isEmpty {
            var spans: [RichText.Span] = [.bold("Also waiting")]
            for (item, assignment) in unbuttoned.prefix(nudgeAsksListed) {
                let isOverdue = assignment.dueAt <= instant
                spans += [.lineBreak, .bold(item.id.description), .text(" from "), .user(item.author), .text(isOverdue ? ", overdue, was due " : ", due "),
                          .time(assignment.dueAt), .text(": \(excerpt(item.request, limit: 60))")]
            }
            if unbuttoned.count > nudgeAsksListed { spans += [.lineBreak, .text("…and \(unbuttoned.count - nudgeAsksListed) more")] }
            blocks.append(.section(RichText(spans)))
        }
        let example = waiting.first.map { $0.item.id.rawValue } ?? 0
        blocks.append(.context(RichText([
            .text("One message a day instead of a reminder per ask. Reply in an ask's thread, or "), .command("ack \(example)"),
            .text(", to take it off this list; "), .command("inbox"), .text(" lists everything; "), .command("hours"),
            .text(" shows how you are reminded."),
        ])))
        var message = ChatMessage(
            fallbackText: "\(asks) waiting on you" + (overdue > 0 ? ", \(overdue) overdue" : ""), blocks: blocks)
        // It calls its reader, in their DM; the askers are only named.
        message.namedOnly = Set(waiting.map(\.item.author)).subtracting([person])
        // A reaction on a list could not say which ask it answers.
        message.reactionMarksItemDone = false
        return message
    }

    /// How `/hours` says the person is reminded, and how to change it.
    static func nudgeSetting(_ own: NudgeMode?) -> MessageBlock {
        switch own {
        case .daily:
            .context(RichText([
                .text("Reminders: one message at the start of your working day listing the asks waiting on you. "),
                .command("hours nudges each"), .text(" brings back a reminder per ask, where the ask's tier sends them."),
            ]))
        case .each, nil:
            .context(RichText([
                .text("Reminders: one per ask, unless its tier sends one daily message instead. "), .command("hours nudges daily"),
                .text(" puts all of them in one message at the start of your working day."),
            ]))
        }
    }
}
