import Foundation

/// Words of the scheduler's follow-ups: reminders and overdue notices to an assignee, escalations about them.
extension MessageComposer {
    public static func followUp(_ kind: FollowUpKind, item: Item, assignee: ChatUserID) -> ChatMessage {
        let due = item.assignment(of: assignee)?.dueAt ?? item.createdAt
        var spans: [RichText.Span]
        let fallback: String
        switch kind {
        case .reminder:
            spans = [.text("Reminder for "), .user(assignee), .text(": "), .bold("ask \(item.id)"), .text(" from "),
                     .user(item.author), .text(" is due "), .time(due), .text(".")]
            fallback = "Reminder: ask \(item.id) is due soon"
        case .overdue:
            spans = [.user(assignee), .text(", "), .bold("ask \(item.id)"), .text(" from "), .user(item.author),
                     .text(" was due "), .time(due), .text(". A short answer or a new date helps them plan.")]
            fallback = "Ask \(item.id) is overdue"
        case .escalation:
            spans = [.bold("Ask \(item.id)"), .text(" from "), .user(item.author), .text(" to "), .user(assignee),
                     .text(" is still unanswered; it was due "), .time(due), .text(".")]
            fallback = "Ask \(item.id) is unanswered past its deadline"
        }
        spans += [.lineBreak, .text(excerpt(item.request, limit: 200))]
        var blocks: [MessageBlock] = [.section(RichText(spans))]
        if kind != .escalation {
            blocks.append(.actions(itemActions(item.id)))
            blocks.append(.context(RichText([.text("Reply in the ask's thread, or "), .code("/ack \(item.id.rawValue)"),
                                             .text(", to stop reminders.")])))
        }
        return ChatMessage(fallbackText: fallback, blocks: blocks)
    }

    /// The buttons of an open item: the card and every reminder carry the same ones.
    static func itemActions(_ id: ItemID) -> [MessageAction] {
        [
            MessageAction(kind: .acknowledge, itemID: id, label: "Acknowledge"),
            MessageAction(kind: .done, itemID: id, label: "Done", isPrimary: true),
            MessageAction(kind: .snoozeHour, itemID: id, label: "Snooze 1 working hour"),
            MessageAction(kind: .snoozeTomorrow, itemID: id, label: "Snooze until tomorrow"),
            MessageAction(kind: .snoozeUntil, itemID: id, label: "Snooze until…"),
        ]
    }
}
