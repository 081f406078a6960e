import Foundation

extension MessageComposer {
    /// A channel's week: per tier the asks and how they were answered, the decisions recorded, the pre-reads held. It
    /// names the decisions' authors and calls nobody.
    static func weeklyDigest(
        from first: LocalDate, to last: LocalDate, figures: [ResponseStatistics], decisions: [Item], prereads: [Item], zone: TimeZone
    ) -> ChatMessage {
        var blocks: [MessageBlock] = [.section(RichText([.bold("The week here · \(first) to \(last)")]))]
        if !figures.isEmpty {
            var spans: [RichText.Span] = [.bold("Asks")]
            for tier in figures {
                var parts = ["\(tier.asksCreated) asked"]
                if let median = tier.medianTimeToFirstResponse { parts.append("first response in \(durationText(median)) (median) of working time") }
                if let share = tier.shareWithinExpectation { parts.append("\(Int((share * 100).rounded()))% within the expected time") }
                spans += [.lineBreak, .text("• "), .bold(tier.tier), .text(": " + parts.joined(separator: " · "))]
            }
            blocks.append(.section(RichText(spans)))
        }
        if !decisions.isEmpty {
            var spans: [RichText.Span] = [.bold("Decisions (\(decisions.count))")]
            for decision in decisions.prefix(WeeklyDigest.listedLines) {
                spans += [.lineBreak, .text("• "), .bold(decision.id.description), .text(" \(excerpt(decision.request, limit: 120)) — "), .user(decision.author)]
            }
            if decisions.count > WeeklyDigest.listedLines { spans += [.lineBreak, .text("…and \(decisions.count - WeeklyDigest.listedLines) more")] }
            blocks.append(.section(RichText(spans)))
        }
        if !prereads.isEmpty {
            var spans: [RichText.Span] = [.bold("Pre-reads held (\(prereads.count))")]
            for preread in prereads.prefix(WeeklyDigest.listedLines) {
                let read = preread.assignments.filter { $0.readerState == .read }.count
                let day = preread.meeting.map { LocalTime.shortDay($0.startsAt, in: zone) } ?? ""
                spans += [.lineBreak, .text("• \(day): \(excerpt(preread.meeting?.title ?? preread.request, limit: 80)) — read by \(read) of \(preread.assignments.count)")]
            }
            if prereads.count > WeeklyDigest.listedLines { spans += [.lineBreak, .text("…and \(prereads.count - WeeklyDigest.listedLines) more")] }
            blocks.append(.section(RichText(spans)))
        }
        blocks.append(.context(.text("Figures for the whole channel: response times count each assignee's working hours.")))
        var digest = ChatMessage(fallbackText: "The week here, \(first) to \(last)", blocks: blocks)
        digest.callsPeopleNamed = false
        return digest
    }
}
