import Foundation

/// One assignment's deadline, moved later because its assignee lost working time before it.
public struct MovedDeadline: Sendable, Equatable {
    public var itemID: ItemID
    public var request: String
    public var author: ChatUserID
    public var assignee: ChatUserID
    public var from: Date
    public var to: Date

    public init(itemID: ItemID, request: String, author: ChatUserID, assignee: ChatUserID, from: Date, to: Date) {
        self.itemID = itemID
        self.request = request
        self.author = author
        self.assignee = assignee
        self.from = from
        self.to = to
    }
}

/// Works out how someone's open deadlines move when their working time changes: each keeps the working time it had
/// left, counted in the new hours from now. Only ever later — a deadline someone was told is never pulled earlier — unless
/// the old hours were a stand-in (the team's zone, while the person's own was not yet known): then it moves either way.
public struct DeadlineShift: Sendable {
    public let policy: ResponsePolicy

    public init(policy: ResponsePolicy) {
        self.policy = policy
    }

    /// The items of `items` whose deadline for `assignee` moves, with their assignment changed (deadline, first call,
    /// next follow-up) and what moved. `before` and `after` give the assignee's hours in a channel; `ownNudges` is how
    /// they chose to be reminded; `earlierToo` when `before` was a stand-in, so the deadline may come sooner.
    public func moving(
        _ items: [Item], of assignee: ChatUserID, before: (String) -> WorkingHours, after: (String) -> WorkingHours,
        ownNudges: NudgeMode?, now: Date, earlierToo: Bool = false
    ) -> [(item: Item, moved: MovedDeadline)] {
        let planner = FollowUpPlanner(policy: policy)
        return items.compactMap { original in
            guard original.kind == .ask, original.status == .open,
                  let index = original.assignments.firstIndex(where: { $0.assignee == assignee && $0.status == .open }) else { return nil }
            let channelID = original.channel.channelID
            let oldDue = original.assignments[index].dueAt
            // A deadline already passed was missed before the time off was known: its overdue notice may be out, and
            // moving it now would only hide the miss. It stays.
            guard oldDue > now else { return nil }
            // An on-call tier counts calendar time, which time off does not shorten: its ask should reach someone —
            // escalate — while the person is away, not wait for them. Its follow-ups to them already wait.
            if policy.tier(named: original.tierName, inChannel: channelID)?.counting == .calendar { return nil }
            let (oldHours, newHours) = (before(channelID), after(channelID))
            guard oldHours != newHours else { return nil }
            let remaining = WorkingCalendar(hours: oldHours).workingTime(from: now, to: oldDue)
            let newCalendar = WorkingCalendar(hours: newHours)
            let newDue = newCalendar.adding(remaining, to: now)
            guard earlierToo ? newDue != oldDue : newDue > oldDue else { return nil }
            var item = original
            item.assignments[index].dueAt = newDue
            // A call still to come at the start of a working block that is now a day off comes at the next one.
            if let call = item.assignments[index].firstCallAt, call > now {
                item.assignments[index].firstCallAt = newCalendar.nextReachableInstant(atOrAfter: call)
            }
            // Reminders, notice and escalation follow the new deadline. A follow-up already due stays due: the scheduler
            // plans from the item as it now is when it gets to it.
            if original.assignments[index].nextFollowUpAt.map({ $0 > now }) ?? true {
                item.assignments[index].nextFollowUpAt = planner.nextFollowUp(
                    for: item, assignment: item.assignments[index], hours: newHours, ownNudges: ownNudges, after: now)
            }
            let moved = MovedDeadline(
                itemID: item.id, request: item.request, author: item.author, assignee: assignee, from: oldDue, to: newDue)
            return (item, moved)
        }
    }
}
