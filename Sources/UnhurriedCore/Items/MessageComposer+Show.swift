import Foundation

/// `/show 42`: an item whole — its text, links and people — with what happened to it, answered to whoever asks.
extension MessageComposer {
    /// The newest history lines shown; an item acted on more often than this says how many earlier ones there are.
    static let shownEvents = 40

    public static func show(_ history: ItemHistory) -> ChatMessage {
        let item = history.item
        var heading: [RichText.Span] = [.bold("\(item.kind.noun.capitalized) \(item.id)")]
        if let meeting = item.meeting { heading += [.text(": \(meeting.title) · meeting "), .time(meeting.startsAt)] }
        heading += [.text(" from "), .user(item.author), .text(" · "), .time(item.createdAt), .text(" · \(item.status.rawValue)")]
        if item.kind == .ask { heading.append(.text(" · \(item.tierName)")) }
        var blocks: [MessageBlock] = [.section(RichText(heading))]
        if !item.request.isEmpty {
            blocks.append(.section(RichText(Array(item.request.split(separator: "\n", omittingEmptySubsequences: false)
                .map { [RichText.Span.text(String($0))] }.joined(separator: [.lineBreak])))))
        }
        if let links = linksSection(item.links) { blocks.append(links) }
        if !item.assignments.isEmpty {
            var people: [RichText.Span] = [.bold(item.kind == .preread ? "Readers" : "Asked")]
            for assignment in item.assignments {
                people += [.lineBreak, .user(assignment.assignee), .text(" · \(assignment.status.rawValue) · due "), .time(assignment.dueAt)]
            }
            blocks.append(.section(RichText(people)))
        }
        var events: [RichText.Span] = [.bold("History")]
        let earlier = history.events.count - shownEvents
        if earlier > 0 { events += [.lineBreak, .text("…\(earlier) earlier")] }
        for event in history.events.suffix(shownEvents) {
            events += [.lineBreak, .time(event.at), .text(" · \(event.kind.description) · "), .user(event.actor)]
            if let text = event.text { events.append(.text(": \(excerpt(text, limit: 300))")) }
        }
        blocks.append(.section(RichText(events)))
        var message = ChatMessage(fallbackText: "\(item.kind.noun.capitalized) \(item.id): \(excerpt(item.request, limit: 120))", blocks: blocks)
        // An answer to one person: everyone it names is named, not called.
        message.callsPeopleNamed = false
        return message
    }
}

extension ItemEvent.Kind: CustomStringConvertible {
    public var description: String {
        switch self {
        case .created: "created"
        case .acknowledged: "acknowledged"
        case .snoozed: "snoozed"
        case .assignmentDone: "finished their part"
        case .done: "closed as done"
        case .cancelled: "cancelled"
        case .superseded: "superseded"
        case .read: "read it"
        case .questionRaised: "raised a question"
        case .meetingStarted: "meeting started"
        case .deadlineMovedAway: "deadline moved: away"
        case .deadlineMovedByPolicy: "deadline moved: policy"
        case .deadlinePlannedInOwnZone: "deadline planned in their own time zone"
        case .replied: "replied"
        case .infoRequested: "asked for more"
        }
    }
}
