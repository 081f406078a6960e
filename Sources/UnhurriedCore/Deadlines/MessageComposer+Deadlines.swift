import Foundation

/// What people are told when deadlines move because someone's working time shrank.
extension MessageComposer {
    /// To one asker, privately: which of their asks to `person` are now due later, and why.
    public static func deadlinesMoved(_ moved: [MovedDeadline], of person: ChatUserID, cause: DeadlineMoveCause) -> ChatMessage {
        var spans: [RichText.Span] = [.user(person)]
        switch cause {
        case .away(let range): spans.append(.text(" is away \(range), so your asks to them are due later:"))
        case .policy: spans.append(.text(" has fewer working hours before their deadlines under the team's new policy (holidays or hours), so your asks to them are due later:"))
        case .zoneLearned(let zone):
            spans.append(.text(" works in \(zone ?? "the team's time zone"), which their profile told only after your asks were recorded, so these are counted in their own working hours:"))
        }
        spans += movedList(moved)
        var message = plain(spans)
        message.fallbackText = "Deadlines moved: \(moved.map(\.itemID.description).joined(separator: ", "))"
        return message
    }

    /// The answer to `/away` that recorded `added` and moved `moved` of the person's open deadlines.
    public static func awayRecorded(_ ranges: [DateRange], added: DateRange, moved: [MovedDeadline]) -> ChatMessage {
        let list = ranges.map(\.description).joined(separator: ", ")
        var spans: [RichText.Span] = [.text("Noted: away \(added). Deadlines of new asks to you skip those days. All your time away: \(list).")]
        if !moved.isEmpty {
            spans += [.lineBreak, .text("Your open asks keep the working time they had left, so these are now due later (whoever asked is told):")]
            spans += movedList(moved)
        }
        return plain(spans)
    }

    /// The answer to `/away clear`.
    public static let awayCleared = plain([
        .text("Your time away is cleared. Deadlines moved for it stay where they are: nobody's deadline is made earlier than they were told. Add time away again with "),
        .command("away dec 20..jan 4"), .text("."),
    ])

    private static func movedList(_ moved: [MovedDeadline]) -> [RichText.Span] {
        moved.sorted { ($0.to, $0.itemID) < ($1.to, $1.itemID) }.flatMap { deadline -> [RichText.Span] in
            [.lineBreak, .text("• "), .bold(deadline.itemID.description), .text(" \(excerpt(deadline.request, limit: 60)) — now due "),
             .time(deadline.to), .text(" (was "), .time(deadline.from), .text(")")]
        }
    }
}
