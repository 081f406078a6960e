import Foundation

/// What the bot says after an ask when nobody has answered yet.
public enum FollowUpKind: String, Sendable {
    /// At the start of the assignee's working block, when the card came outside it and only named them.
    case firstCall = "first_call"
    case reminder
    /// At the deadline, to the assignee.
    case overdue
    /// Past the deadline, to the tier's (or channel's) escalation target.
    case escalation
}

/// One follow-up an assignment is owed, at the instant it goes out.
public struct FollowUp: Equatable, Sendable {
    public var kind: FollowUpKind
    /// 1 for the first reminder, 2 for the second; 1 for the overdue notice and the escalation.
    public var ordinal: Int
    public var at: Date

    public init(kind: FollowUpKind, ordinal: Int, at: Date) {
        self.kind = kind
        self.ordinal = ordinal
        self.at = at
    }

    /// Names the follow-up within its assignment, in idempotency keys: `reminder-2`, `overdue`, `first-call`.
    public var name: String {
        switch kind {
        case .reminder: "reminder-\(ordinal)"
        case .firstCall: "first-call"
        case .overdue, .escalation: kind.rawValue
        }
    }
}

/// What the scheduler does for one assignment at one tick.
public struct FollowUpStep: Equatable, Sendable {
    /// To send now, oldest first.
    public var due: [FollowUp]
    /// When the assignment is next owed one; nil when it is owed nothing more.
    public var nextAt: Date?
}

/// Decides which follow-ups an assignment is owed and when, from the policy and the assignee's working time.
///
/// A reminder or overdue notice goes out inside the assignee's working hours and outside their focus time: one
/// that falls outside waits for the start of their next working block or the end of their focus, and one that
/// falls on a holiday or a day away waits for their return. Calendar-counted tiers (on-call style) are the exception to the hours, not to time away. A pre-read's
/// reader is owed one reminder before the meeting, and nothing at it.
public struct FollowUpPlanner: Sendable {
    public let policy: ResponsePolicy

    public init(policy: ResponsePolicy) {
        self.policy = policy
    }

    /// Every follow-up of the assignment, in the order they go out; empty once it is answered or closed.
    public func schedule(for item: Item, assignment: Assignment, hours: WorkingHours) -> [FollowUp] {
        guard item.status == .open, assignment.isAwaitingResponse else { return [] }
        // Someone who snoozed has seen the item: the call it owed them is no longer needed.
        let firstCall = assignment.snoozedUntil == nil ? assignment.firstCallAt.map { FollowUp(kind: .firstCall, ordinal: 1, at: $0) } : nil
        if let meeting = item.meeting {
            let reminder = PrereadPlanner.reminder(for: meeting, lead: policy.prereads.remindBefore, readerHours: hours)
                .map { FollowUp(kind: .reminder, ordinal: 1, at: $0) }
            return [firstCall, reminder].compactMap { $0 }.filter { $0.at < meeting.startsAt }.sorted { $0.at < $1.at }
        }
        let channelID = item.channel.channelID
        // A tier removed from the policy since the ask still has its deadline: the overdue notice stays.
        let plan = policy.tier(named: item.tierName, inChannel: channelID).map {
            policy.plan(for: $0, createdAt: item.createdAt, due: assignment.dueAt, workingHours: hours)
        } ?? ResponsePlan(tierName: item.tierName, due: assignment.dueAt, reminders: [], escalation: nil, countsWorkingTime: true)
        let calendar = WorkingCalendar(hours: hours)
        func toAssignee(_ instant: Date) -> Date {
            let wanted = max(instant, assignment.snoozedUntil ?? instant)
            guard plan.countsWorkingTime || calendar.isDayOff(wanted) else { return wanted }
            return calendar.nextReachableInstant(atOrAfter: wanted)
        }
        var followUps = [firstCall].compactMap { $0 }
        followUps += plan.reminders.enumerated().map { FollowUp(kind: .reminder, ordinal: $0.offset + 1, at: toAssignee($0.element)) }
        followUps.append(FollowUp(kind: .overdue, ordinal: 1, at: toAssignee(plan.due)))
        if let escalation = plan.escalation { followUps.append(FollowUp(kind: .escalation, ordinal: 1, at: escalation)) }
        // Snoozing can move a reminder past the escalation; the order of sending follows the instants.
        return followUps.enumerated()
            .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
            .map(\.element)
    }

    /// The follow-ups that came due after `handledThrough` and by `now`, and when the next one is due.
    public func step(for item: Item, assignment: Assignment, hours: WorkingHours, handledThrough: Date, now: Date) -> FollowUpStep {
        let schedule = schedule(for: item, assignment: assignment, hours: hours)
        let due = schedule.filter { $0.at > handledThrough && $0.at <= now }
        // After downtime or a snooze several may be due at once: the assignee needs only the latest word, but an
        // escalation goes to someone else and is always sent.
        let toSend = due.indices.filter { index in
            due[index].kind == .escalation || !due[(index + 1)...].contains { $0.kind != .escalation }
        }.map { due[$0] }
        return FollowUpStep(due: toSend, nextAt: schedule.first { $0.at > now }?.at)
    }

    /// The new item with each assignment's first call (when its card will come outside the assignee's hours) and
    /// first follow-up after `instant`, in the assignee's hours.
    public func planningFirstFollowUps(of new: NewItem, hours: [ChatUserID: WorkingHours], after instant: Date) -> NewItem {
        var planned = new
        let callsWhateverTheHour = policy.tier(named: new.tierName, inChannel: new.channel.channelID)?.callsOutsideHours ?? false
        for index in planned.assignments.indices {
            let personHours = hours[planned.assignments[index].assignee] ?? policy.workingHours
            if !callsWhateverTheHour {
                planned.assignments[index].firstCallAt = Self.firstCall(cardPostedAt: new.meeting?.postAt ?? new.createdAt, hours: personHours)
            }
            planned.assignments[index].nextFollowUpAt = nextFollowUp(
                for: Item(id: ItemID(0), status: .open, planned), assignment: planned.assignments[index], hours: personHours, after: instant)
        }
        return planned
    }

    /// When someone is called about a card posted at `instant`: nil when the card may call them (it comes in their
    /// working hours, outside focus time), else when they can next be called, past focus, nights, weekends,
    /// holidays and time away.
    static func firstCall(cardPostedAt instant: Date, hours: WorkingHours) -> Date? {
        let next = WorkingCalendar(hours: hours).nextReachableInstant(atOrAfter: instant)
        return next > instant ? next : nil
    }

    /// When a new or changed assignment is first owed a follow-up after `instant`.
    public func nextFollowUp(for item: Item, assignment: Assignment, hours: WorkingHours, after instant: Date) -> Date? {
        schedule(for: item, assignment: assignment, hours: hours).first { $0.at > instant }?.at
    }
}
