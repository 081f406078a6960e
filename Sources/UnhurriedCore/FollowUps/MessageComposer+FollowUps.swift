import Foundation

/// Words of the scheduler's follow-ups: reminders and overdue notices to an assignee, escalations about them.
extension MessageComposer {
    public static func followUp(_ kind: FollowUpKind, item: Item, assignee: ChatUserID) -> ChatMessage {
        if item.kind == .preread { return prereadReminder(item, reader: assignee) }
        let due = item.assignment(of: assignee)?.dueAt ?? item.createdAt
        var spans: [RichText.Span]
        let fallback: String
        switch kind {
        case .firstCall:
            spans = [.user(assignee), .text(", "), .bold("ask \(item.id)"), .text(" from "), .user(item.author),
                     .text(" waits on you; it came outside your working hours. It is due "), .time(due), .text(".")]
            fallback = "Ask \(item.id) waits on you"
        // A daily nudge is composed for all of a person's asks at once (`dailyNudge`); about one ask it says what a reminder says.
        case .reminder, .nudge:
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
            blocks.append(.context(RichText([.text("Reply in the ask's thread, or "), .command("ack \(item.id.rawValue)"),
                                             .text(", to stop reminders.")])))
        }
        var message = ChatMessage(fallbackText: fallback, blocks: blocks)
        // A follow-up calls the person it is for; the asker is only named. An escalation is for its target, who
        // hears of it where it is posted: everyone it names is named.
        if kind == .escalation { message.callsPeopleNamed = false } else { message.namedOnly = Set([item.author].filter { $0 != assignee }) }
        return message
    }

    /// The buttons of an open item: the card and every reminder carry the same ones.
    static func itemActions(_ id: ItemID) -> [MessageAction] {
        [
            MessageAction(kind: .acknowledge, itemID: id, label: "Acknowledge"),
            MessageAction(kind: .done, itemID: id, label: "Done", isPrimary: true),
            MessageAction(kind: .requestInfo, itemID: id, label: "Need more info"),
            MessageAction(kind: .snoozeHour, itemID: id, label: "Snooze 1 working hour"),
            MessageAction(kind: .snoozeTomorrow, itemID: id, label: "Snooze until tomorrow"),
            MessageAction(kind: .snoozeUntil, itemID: id, label: "Snooze until…"),
        ]
    }
}

/// Words of a channel's daily digest.
extension MessageComposer {
    /// At most this many lines per section; the rest are counted.
    static let digestLines = 10

    public static func digest(
        date: LocalDate, overdue: [(item: Item, assignment: Assignment)], open: [(item: Item, assignment: Assignment)],
        figures: DigestFigures?
    ) -> ChatMessage {
        var blocks: [MessageBlock] = []
        func section(_ title: String, _ entries: [(item: Item, assignment: Assignment)], verb: String) {
            guard !entries.isEmpty else { return }
            var spans: [RichText.Span] = [.bold("\(title) (\(entries.count))")]
            for entry in entries.prefix(digestLines) {
                let state = entry.assignment.acknowledgedAt == nil ? "" : " (acknowledged)"
                spans += [.lineBreak, .bold(entry.item.id.description), .text(" "), .user(entry.assignment.assignee), .text("\(state) \(verb) "),
                          .time(entry.assignment.dueAt), .text(": \(excerpt(entry.item.request, limit: 60))")]
            }
            if entries.count > digestLines { spans += [.lineBreak, .text("…and \(entries.count - digestLines) more")] }
            blocks.append(.section(RichText(spans)))
        }
        section("Past their deadline", overdue, verb: "was due")
        section("Open, by deadline", open, verb: "due")
        if let figures {
            let share = Int((figures.shareWithinExpectation * 100).rounded())
            blocks.append(.section(RichText([
                .bold("\(figures.day)"),
                .text(": \(figures.responses) first \(figures.responses == 1 ? "response" : "responses"), median "
                    + "\(durationText(figures.medianTimeToFirstResponse)) of working time, \(share)% within the expected time."),
            ])))
        }
        let open = overdue.count + open.count
        var digest = ChatMessage(
            fallbackText: "Async digest for \(date): \(open) open, \(overdue.count) past their deadline",
            blocks: [.section(RichText([.bold("Async digest · \(date)")]))] + blocks)
        // Everyone is named, nobody called: it is posted at one hour for people in every zone.
        digest.callsPeopleNamed = false
        return digest
    }

    /// `2h 10m`, `45m`, `26h`: hours stay readable where working days differ in length.
    public static func durationText(_ duration: Duration) -> String {
        let minutes = Int(duration.components.seconds) / 60
        if minutes < 60 { return "\(max(minutes, 1))m" }
        return minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes / 60)h \(minutes % 60)m"
    }
}
