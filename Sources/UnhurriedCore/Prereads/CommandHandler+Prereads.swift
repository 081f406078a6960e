import Foundation

extension CommandHandler {
    /// Records a pre-read: the store queues its card for the post time and its summary for the meeting; each
    /// reader's one reminder is planned like any follow-up.
    func schedule(_ preread: PrereadRequest, from incoming: IncomingCommand, policy: ResponsePolicy, now: Date) async throws -> CommandOutcome {
        let (hours, ownNudges, _) = try await workingTime(of: preread.readers + [incoming.speaker], in: incoming.channel, policy: policy, now: now)
        let speakerHours = hours[incoming.speaker] ?? policy.workingHours
        let startsAt: Date
        let timeWords: Int
        switch preread.meetingTime(readWith: TimeExpressionReader(now: now, speakerHours: speakerHours)) {
        case .read(let instant, let words): (startsAt, timeWords) = (instant, words)
        case .unreadable(let error, let clause): return CommandOutcome(reply: MessageComposer.unreadableMeetingTime(error, clause: clause))
        case .inAnotherOrder(let time, let next): return CommandOutcome(reply: MessageComposer.meetingTimeInAnotherOrder(read: time, then: next))
        case .withoutTimeOfDay(let day): return CommandOutcome(reply: MessageComposer.meetingWithoutTimeOfDay(day))
        }
        let postAt = PrereadPlanner.postAt(
            meetingAt: startsAt, lead: preread.postBefore ?? policy.prereads.postBefore, authorHours: speakerHours, now: now)
        let (agenda, links) = preread.splitting(timeWords: timeWords)
        let new = NewItem(
            kind: .preread, channel: incoming.channel, author: incoming.speaker, request: agenda, links: links,
            tierName: ItemKind.preread.rawValue, createdAt: now, assignments: preread.readers.map { Assignment(assignee: $0, dueAt: startsAt) },
            meeting: Meeting(title: preread.title, startsAt: startsAt, postAt: postAt))
        let item = try await store.create(FollowUpPlanner(policy: policy).planningFirstFollowUps(of: new, hours: hours, ownNudges: ownNudges, after: now))
        // A meeting outside someone's hours is theirs to attend at night: the author hears it, and can move it.
        let outside = preread.readers.compactMap { reader -> (user: ChatUserID, hours: WorkingHours)? in
            let readerHours = hours[reader] ?? policy.workingHours
            return WorkingCalendar(hours: readerHours).nextWorkingInstant(atOrAfter: startsAt) > startsAt ? (reader, readerHours) : nil
        }
        return CommandOutcome(reply: MessageComposer.prereadScheduled(item, readersOutsideHours: outside), createdItem: item)
    }
}
