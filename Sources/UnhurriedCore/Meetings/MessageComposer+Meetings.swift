import Foundation

extension MessageComposer {
    /// `/overlap`: the stretches everyone shares, a line a day in the speaker's zone, and each person's hours, so a
    /// week with none says whose hours keep them apart.
    public static func overlap(
        _ shared: [DateInterval], of people: [ChatUserID], hours: [ChatUserID: WorkingHours], speaker: ChatUserID, days: Int
    ) -> ChatMessage {
        let zone = hours[speaker]?.timeZone ?? TimeZone(identifier: "UTC")!
        let who: [RichText.Span] = people.isEmpty ? [.text("You")] : [.text("You and ")] + Self.people(people)
        var spans: [RichText.Span]
        if shared.isEmpty {
            spans = who + [.text(" share no working hours in the next \(days) days.")]
        } else {
            spans = who + [.text(" share these working hours in the next \(days) days (\(LocalTime.zoneName(zone))):")]
            for pieces in SharedHours.byLocalDay(shared, in: zone) {
                let stretches = pieces.map { "\(LocalTime.clock($0.start, in: zone))–\(endClock($0.end, after: $0.start, in: zone))" }
                spans += [.lineBreak, .text("• \(LocalTime.shortDay(pieces[0].start, in: zone)): \(stretches.joined(separator: ", "))")]
            }
            let total = shared.reduce(0) { $0 + $1.duration }
            spans += [.lineBreak, .text("In all \(durationText(.seconds(total))).")]
        }
        var each: [RichText.Span] = [.text("Hours: ")]
        for (index, person) in ([speaker] + people).enumerated() {
            if index > 0 { each.append(.text("; ")) }
            each += [.user(person), .text(" \(hours[person]?.summary ?? "")")]
        }
        return ChatMessage(
            fallbackText: RichText(spans).plainText,
            blocks: [.section(RichText(spans)), .context(RichText(each))])
    }

    /// `24:00` for a stretch that runs to midnight, which the clock would show as the next day's `00:00`.
    private static func endClock(_ end: Date, after start: Date, in zone: TimeZone) -> String {
        LocalDate(of: end, in: zone) != LocalDate(of: start, in: zone) ? "24:00" : LocalTime.clock(end, in: zone)
    }

    /// To a pre-read's author: the readers for whom the meeting falls outside their working hours, each with the
    /// time on their own clock.
    static func meetingOutsideHours(_ readers: [(user: ChatUserID, hours: WorkingHours)], startsAt: Date) -> [RichText.Span] {
        guard !readers.isEmpty else { return [] }
        var spans: [RichText.Span] = [.lineBreak, .text("⚠️ The meeting falls outside the working hours of ")]
        for (index, reader) in readers.enumerated() {
            if index > 0 { spans.append(.text(index == readers.count - 1 ? " and " : ", ")) }
            let zone = reader.hours.timeZone
            let dayOff = WorkingCalendar(hours: reader.hours).isDayOff(startsAt) ? ", a day off" : ""
            spans += [.user(reader.user), .text(" (\(LocalTime.shortDay(startsAt, in: zone)) \(LocalTime.clock(startsAt, in: zone)) \(LocalTime.zoneName(zone))\(dayOff))")]
        }
        spans += [.text(". "), .command("overlap"), .text(" with them shows the hours you share.")]
        return spans
    }
}
