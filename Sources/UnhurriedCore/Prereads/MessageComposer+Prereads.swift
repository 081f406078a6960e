import Foundation

/// Words of meeting pre-reads: the pre-read as posted, the reminder to a reader, the summary at the meeting.
extension MessageComposer {
    public static func prereadCard(_ item: Item) -> ChatMessage {
        let title = item.meeting?.title ?? item.request
        var heading: [RichText.Span] = [.bold("Pre-read \(item.id): \(title)")]
        switch item.status {
        case .cancelled: heading.append(.text(" (cancelled)"))
        case .done, .superseded: heading.append(.text(" (the meeting has started; the summary is in the thread)"))
        case .open: break
        }
        heading += [.text(" from "), .user(item.author), .lineBreak, .text("Meeting "), .time(item.meeting?.startsAt ?? item.createdAt)]
        if !item.request.isEmpty { heading += [.lineBreak, .text(cardText(item.request))] }
        var blocks: [MessageBlock] = [.section(RichText(heading))]
        if let links = linksSection(item.links, titled: "To read") { blocks.append(links) }
        var readers: [RichText.Span] = [.bold("Readers")]
        for assignment in item.assignments {
            let state = switch assignment.readerState {
            case .read: "read"
            case .hasQuestion: "has a question"
            case .notYet: "not yet"
            }
            readers += [.lineBreak, .user(assignment.assignee), .text(" · \(state)")]
        }
        blocks.append(.section(RichText(readers)))
        if item.status == .open {
            blocks.append(.actions(prereadActions(item.id)))
            blocks.append(.context(RichText(wholeItemHint(item) + [.text("Questions go in this thread; a reply here raises one. "),
                                             .command("preread read \(item.id.rawValue)"), .text(" once read.")])))
        }
        return namingOnlyThoseOutsideTheirHours(ChatMessage(fallbackText: "Pre-read \(item.id): \(title)", blocks: blocks), of: item)
    }

    static func prereadActions(_ id: ItemID) -> [MessageAction] {
        [
            MessageAction(kind: .markRead, itemID: id, label: "I've read it", isPrimary: true),
            MessageAction(kind: .raiseQuestion, itemID: id, label: "I have a question"),
        ]
    }

    public static func prereadScheduled(_ item: Item, readersOutsideHours: [(user: ChatUserID, hours: WorkingHours)] = []) -> ChatMessage {
        guard let meeting = item.meeting else { return plain("Recorded pre-read \(item.id).") }
        var spans: [RichText.Span] = [.text("Scheduled pre-read "), .bold(item.id.description), .text(" “\(meeting.title)” for the meeting "),
                                      .time(meeting.startsAt)]
        spans += meeting.postAt <= item.createdAt ? [.text("; it is posted here now.")] : [.text("; it is posted here "), .time(meeting.postAt), .text(".")]
        spans.append(.lineBreak)
        spans.append(.text("Readers: "))
        spans += people(item.assignments.map(\.assignee))
        if !item.request.isEmpty { spans += [.lineBreak, .text("Agenda: \(excerpt(item.request, limit: 200))")] }
        let reminded = item.assignments.contains { $0.nextFollowUpAt != nil }
        spans += [.lineBreak, .text(reminded
            ? "Readers who have not read it are reminded once, in their working hours; at the meeting the thread gets a summary."
            : "The meeting is too close for a reminder; at the meeting the thread gets a summary.")]
        spans += meetingOutsideHours(readersOutsideHours, startsAt: meeting.startsAt)
        var blocks: [MessageBlock] = [.section(RichText(spans))]
        if item.links.isEmpty {
            blocks.append(.context(.text("Tip: link the documents to read, so people can prepare without asking where they are.")))
        }
        return ChatMessage(fallbackText: "Scheduled pre-read \(item.id)", blocks: blocks)
    }

    static func prereadReminder(_ item: Item, reader: ChatUserID) -> ChatMessage {
        let title = item.meeting?.title ?? item.request
        var spans: [RichText.Span] = [.text("Reminder for "), .user(reader), .text(": the "), .bold("pre-read \(item.id) “\(title)”"),
                                      .text(" from "), .user(item.author), .text(" is for the meeting "), .time(item.meeting?.startsAt ?? item.createdAt),
                                      .text(".")]
        for link in item.links { spans += [.lineBreak, .link(link)] }
        var reminder = ChatMessage(fallbackText: "Reminder: pre-read \(item.id) before the meeting", blocks: [
            .section(RichText(spans)),
            .actions(prereadActions(item.id)),
            .context(RichText([.text("Questions go in the pre-read's thread.")])),
        ])
        // It calls the reader; the pre-read's author is only named.
        reminder.namedOnly = Set([item.author].filter { $0 != reader })
        return reminder
    }

    /// The latest replies of each reader with an open question that the summary quotes; the thread has the rest.
    static let questionsQuoted = 3

    /// Who read it, who did not, whose questions are open, in the words they replied with; and, when everyone read it
    /// and nothing is open, that the meeting could be skipped.
    public static func prereadSummary(_ item: Item, replies: [ItemEvent] = []) -> ChatMessage {
        let title = item.meeting?.title ?? item.request
        func readers(_ state: Assignment.ReaderState) -> [ChatUserID] { item.assignments.filter { $0.readerState == state }.map(\.assignee) }
        let (read, questions, notYet) = (readers(.read), readers(.hasQuestion), readers(.notYet))
        var spans: [RichText.Span] = [.bold("Pre-read \(item.id) “\(title)”: the meeting starts now.")]
        func line(_ label: String, _ people: [ChatUserID], _ suffix: String = "") {
            guard !people.isEmpty else { return }
            spans += [.lineBreak, .text("\(label) (\(people.count)): ")] + Self.people(people) + [.text(suffix)]
        }
        line("Read it", read)
        line("Not read yet", notYet)
        line("Open questions from", questions, " (in this thread)")
        for reader in questions {
            for reply in replies.filter({ $0.actor == reader }).suffix(Self.questionsQuoted) {
                spans += [.lineBreak, .text("• "), .user(reader), .text(": “\(excerpt(reply.text ?? "", limit: 200))”")]
            }
        }
        let settled = !item.assignments.isEmpty && notYet.isEmpty && questions.isEmpty
        if settled {
            spans += [.lineBreak, .text("Everyone read it and no question is open: this meeting could be skipped, with the pre-read as its record.")]
        }
        let fallback = settled ? "Pre-read \(item.id): everyone read it; the meeting could be skipped" : "Pre-read \(item.id): who read it"
        var summary = ChatMessage(fallbackText: fallback, blocks: [.section(RichText(spans))])
        // Readers are named, not called: at the meeting some are outside their working hours.
        summary.callsPeopleNamed = false
        return summary
    }

    public static func prereads(_ items: [Item]) -> ChatMessage {
        guard !items.isEmpty else {
            return plain([.text("No pre-reads scheduled here. "), .command("preread <title> at <when> <agenda and links>"), .text(" schedules one.")])
        }
        var spans: [RichText.Span] = [.bold("Pre-reads here (\(items.count))")]
        for item in items.prefix(ListPage.size) {
            let read = item.assignments.filter { $0.readerState == .read }.count
            spans += [.lineBreak, .bold(item.id.description), .text(" \(excerpt(item.meeting?.title ?? item.request)) · meeting "),
                      .time(item.meeting?.startsAt ?? item.createdAt), .text(" · \(read) of \(item.assignments.count) read")]
        }
        if items.count > ListPage.size { spans += [.lineBreak, .text("…and \(items.count - ListPage.size) later")] }
        return ChatMessage(fallbackText: "\(items.count) pre-reads", blocks: [.section(RichText(spans))])
    }

    public static func unreadableMeetingTime(_ error: TimeExpressionError, clause: String) -> ChatMessage {
        unreadableTime(error, clause: clause, noun: "the meeting time", retry: RichText([
            .text("Nothing was scheduled; e.g. "), .command(prereadExample), .text("."),
        ]))
    }

    public static func meetingTimeInAnotherOrder(read time: String, then word: String) -> ChatMessage {
        plain([.text("I read the meeting time as `\(time)`, but `\(word)` after it looks like part of it. Write the day first, e.g. "),
               .command("preread Q3 planning at friday 3pm for @ana …"), .text("; nothing was scheduled.")])
    }

    public static func meetingWithoutTimeOfDay(_ day: String) -> ChatMessage {
        plain([.text("`\(day)` names a day; say when the meeting starts, e.g. "), .command("preread Q3 planning at \(day) 10:00 for @ana …"),
               .text("; nothing was scheduled.")])
    }

    /// The answer to a change of a pre-read: read, a question, cancelled, or why nothing changed.
    static func prereadResponse(_ outcome: ItemResponses.Outcome, to change: ItemChange, by user: ChatUserID) -> ChatMessage? {
        switch outcome {
        case .changed(let item) where change == .raiseQuestion || change == .acknowledge:
            return plain([.text("Noted your question on pre-read \(item.id). Ask it as a reply in the pre-read's thread; "),
                          .command("preread read \(item.id.rawValue)"), .text(" (or “I've read it”) settles it.")])
        case .changed(let item) where change == .markRead || change == .finish:
            return plain("Marked pre-read \(item.id) read. Thank you for preparing.")
        case .notYours(let item) where change == .cancel:
            return plain("You can't cancel pre-read \(item.id): only the person who scheduled it can.")
        case .notYours(let item):
            return plain("Pre-read \(item.id) is not addressed to you, so there is nothing to mark; reading it is welcome all the same.")
        case .alreadyClosed(let item) where item.status == .done:
            return plain("Pre-read \(item.id)'s meeting has started; its summary is in the pre-read's thread.")
        case .unchanged(let item):
            let state = item.assignment(of: user)?.status == .done ? "marked it read" : "raised a question"
            return plain("You already \(state) on pre-read \(item.id); nothing changed.")
        default:
            return nil
        }
    }
}
