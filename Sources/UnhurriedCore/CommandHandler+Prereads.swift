import Foundation

extension CommandHandler {
    /// Records a pre-read: the store queues its card for the post time and its summary for the meeting; each
    /// reader's one reminder is planned like any follow-up.
    func schedule(_ preread: PrereadRequest, from incoming: IncomingCommand, policy: ResponsePolicy, now: Date) async throws -> CommandOutcome {
        let hours = try await workingHours(of: preread.readers + [incoming.speaker], in: incoming.channel, policy: policy, now: now)
        let speakerHours = hours[incoming.speaker] ?? policy.workingHours
        let reader = TimeExpressionReader(now: now, speakerHours: speakerHours)
        // The longest run of words that reads as a time is the meeting's; the rest is the agenda. A run that reads as a
        // time that cannot be (passed, no such date) is what the person meant: it is refused, not read shorter.
        var startsAt: Date?
        var timeWords = 0
        var refusal: (error: TimeExpressionError, words: [String])?
        for candidate in preread.timeCandidates {
            do {
                startsAt = try reader.read(["at"] + candidate)
                timeWords = candidate.count
                break
            } catch .unreadable(let understood, let example) {
                if refusal == nil { refusal = (.unreadable(understood: understood, example: example), candidate) }
            } catch {
                refusal = (error, candidate)
                break
            }
        }
        guard let startsAt else {
            let (error, words) = refusal ?? (.unreadable(understood: "", example: TimeExpressionReader.example), [])
            return CommandOutcome(reply: MessageComposer.unreadableMeetingTime(error, clause: words.joined(separator: " ")))
        }
        let read = Array(preread.timeCandidates.first?.prefix(timeWords) ?? [])
        let timeText = read.joined(separator: " ")
        // `at 3pm friday` reads `3pm` (today) with "friday" left over: a time that names no day, or a day that names no
        // time, followed by what could belong to it was written in another order. A day and a time are complete.
        let complete = TimeExpressionReader.namesDay(read) && TimeExpressionReader.namesTimeOfDay(read)
        if !complete, case .word(let next)? = preread.schedule.dropFirst(timeWords).first, TimeExpressionReader.couldBePartOfATime(next) {
            return CommandOutcome(reply: MessageComposer.meetingTimeInAnotherOrder(read: timeText, then: next))
        }
        // `at thursday` alone would be the end of the author's working day.
        guard TimeExpressionReader.namesTimeOfDay(read) else {
            return CommandOutcome(reply: MessageComposer.meetingWithoutTimeOfDay(timeText))
        }
        let postAt = PrereadPlanner.postAt(
            meetingAt: startsAt, lead: preread.postBefore ?? policy.prereads.postBefore, authorHours: speakerHours, now: now)
        let (agenda, links) = preread.splitting(timeWords: timeWords)
        let new = NewItem(
            kind: .preread, channel: incoming.channel, author: incoming.speaker, request: agenda, links: links,
            tierName: ItemKind.preread.rawValue, createdAt: now, assignments: preread.readers.map { Assignment(assignee: $0, dueAt: startsAt) },
            meeting: Meeting(title: preread.title, startsAt: startsAt, postAt: postAt))
        let item = try await store.create(FollowUpPlanner(policy: policy).planningFirstFollowUps(of: new, hours: hours, after: now))
        return CommandOutcome(reply: MessageComposer.prereadScheduled(item), createdItem: item)
    }
}
