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
    /// At the start of the assignee's working day, when their reminders come daily: one message lists every ask in
    /// daily mode waiting on them. It replaces the reminders and the overdue notice; first calls and escalations stay.
    case nudge
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
        case .overdue, .escalation, .nudge: kind.rawValue
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
///
/// An ask in daily mode (its tier says `reminders: daily`, or the assignee chose `/hours nudges daily`) owes no
/// reminders and no overdue notice: its assignee is owed a daily nudge instead, at the start of each working day
/// until they answer. Its first call and its escalation stay as they are. `ownNudges` is the assignee's own choice.
public struct FollowUpPlanner: Sendable {
    public let policy: ResponsePolicy

    public init(policy: ResponsePolicy) {
        self.policy = policy
    }

    /// Whether the assignee of `item` is reminded of it by the daily nudge rather than one by one. A pre-read keeps its
    /// one reminder before the meeting.
    public func remindsDaily(_ item: Item, ownNudges: NudgeMode?) -> Bool {
        guard item.kind == .ask else { return false }
        return ownNudges == .daily || policy.tier(named: item.tierName, inChannel: item.channel.channelID)?.reminders == .daily
    }

    /// Whether the daily nudge at `instant` lists the assignment: in daily mode, awaiting a response, reached them before
    /// that day, and not snoozed past it.
    public func listsInDailyNudge(_ item: Item, assignment: Assignment, hours: WorkingHours, ownNudges: NudgeMode?, at instant: Date) -> Bool {
        dailyNudges(for: item, assignment: assignment, hours: hours, ownNudges: ownNudges)?.lists(at: instant) ?? false
    }

    /// The daily nudges the assignment is owed; nil when it is not in daily mode or is owed nothing.
    private func dailyNudges(for item: Item, assignment: Assignment, hours: WorkingHours, ownNudges: NudgeMode?) -> DailyNudgeDays? {
        guard item.status == .open, assignment.isAwaitingResponse, remindsDaily(item, ownNudges: ownNudges) else { return nil }
        return DailyNudgeDays(item: item, assignment: assignment, hours: hours)
    }

    /// Every follow-up of the assignment with an instant of its own, in the order they go out; empty once it is answered
    /// or closed. In daily mode that is its first call and escalation: its daily nudges run on until it is answered.
    public func schedule(for item: Item, assignment: Assignment, hours: WorkingHours, ownNudges: NudgeMode?) -> [FollowUp] {
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
        if !remindsDaily(item, ownNudges: ownNudges) {
            followUps += plan.reminders.enumerated().map { FollowUp(kind: .reminder, ordinal: $0.offset + 1, at: toAssignee($0.element)) }
            followUps.append(FollowUp(kind: .overdue, ordinal: 1, at: toAssignee(plan.due)))
        }
        if let escalation = plan.escalation { followUps.append(FollowUp(kind: .escalation, ordinal: 1, at: escalation)) }
        // Snoozing can move a reminder past the escalation; the order of sending follows the instants.
        return followUps.enumerated()
            .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
            .map(\.element)
    }

    /// The follow-ups that came due after `handledThrough` and by `now`, and when the next one is due.
    public func step(
        for item: Item, assignment: Assignment, hours: WorkingHours, ownNudges: NudgeMode?, handledThrough: Date, now: Date
    ) -> FollowUpStep {
        let schedule = schedule(for: item, assignment: assignment, hours: hours, ownNudges: ownNudges)
        let nudges = dailyNudges(for: item, assignment: assignment, hours: hours, ownNudges: ownNudges)
        var due = schedule.filter { $0.at > handledThrough && $0.at <= now }
        if let nudge = nudges?.latestNudge(after: handledThrough, through: now) {
            due.insert(FollowUp(kind: .nudge, ordinal: 1, at: nudge), at: due.firstIndex { $0.at > nudge } ?? due.endIndex)
        }
        // After downtime or a snooze several may be due at once: the assignee needs only the latest word, but an
        // escalation goes to someone else and is always sent.
        let toSend = due.indices.filter { index in
            due[index].kind == .escalation || !due[(index + 1)...].contains { $0.kind != .escalation }
        }.map { due[$0] }
        return FollowUpStep(due: toSend, nextAt: Self.earlier(schedule.first { $0.at > now }?.at, nudges?.nudge(after: now)))
    }

    private static func earlier(_ one: Date?, _ other: Date?) -> Date? {
        [one, other].compactMap { $0 }.min()
    }

    /// The new item with each assignment's first call (when its card will come outside the assignee's hours) and
    /// first follow-up after `instant`, in the assignee's hours.
    public func planningFirstFollowUps(
        of new: NewItem, hours: [ChatUserID: WorkingHours], ownNudges: [ChatUserID: NudgeMode], after instant: Date
    ) -> NewItem {
        let callsWhateverTheHour = policy.tier(named: new.tierName, inChannel: new.channel.channelID)?.callsOutsideHours ?? false
        // Planning reads the item's own fields, never its other assignments; and people an ask names often share their
        // hours. So each distinct assignment (but for whose it is) in the same hours and nudge mode is planned once.
        let item = Item(id: ItemID(0), status: .open, new)
        var plans: [AssignmentPlanning: Assignment] = [:]
        var planned = new
        for index in planned.assignments.indices {
            let assignee = planned.assignments[index].assignee
            let planning = AssignmentPlanning(
                assignment: planned.assignments[index], hours: hours[assignee] ?? policy.workingHours, ownNudges: ownNudges[assignee])
            var assignment: Assignment
            if let known = plans[planning] {
                assignment = known
            } else {
                assignment = planning.assignment
                if !callsWhateverTheHour {
                    assignment.firstCallAt = Self.firstCall(cardPostedAt: new.meeting?.postAt ?? new.createdAt, hours: planning.hours)
                }
                assignment.nextFollowUpAt = nextFollowUp(
                    for: item, assignment: assignment, hours: planning.hours, ownNudges: planning.ownNudges, after: instant)
                plans[planning] = assignment
            }
            assignment.assignee = assignee
            planned.assignments[index] = assignment
        }
        return planned
    }

    /// What planning an assignment depends on: all of it but whose it is, their hours and their own nudge mode.
    private struct AssignmentPlanning: Hashable {
        let assignment: Assignment
        let hours: WorkingHours
        let ownNudges: NudgeMode?

        init(assignment: Assignment, hours: WorkingHours, ownNudges: NudgeMode?) {
            var anyone = assignment
            anyone.assignee = ChatUserID("")
            self.assignment = anyone
            self.hours = hours
            self.ownNudges = ownNudges
        }

        /// Hashes what tells plannings apart cheaply; hashing whole hours (every block and holiday) cost more than
        /// the planning it saved. Equality still compares everything.
        func hash(into hasher: inout Hasher) {
            hasher.combine(assignment.dueAt)
            hasher.combine(hours.timeZone.identifier)
            hasher.combine(ownNudges)
        }
    }

    /// When someone is called about a card posted at `instant`: nil when the card may call them (it comes in their
    /// working hours, outside focus time), else when they can next be called, past focus, nights, weekends,
    /// holidays and time away.
    static func firstCall(cardPostedAt instant: Date, hours: WorkingHours) -> Date? {
        let next = WorkingCalendar(hours: hours).nextReachableInstant(atOrAfter: instant)
        return next > instant ? next : nil
    }

    /// When a new or changed assignment is first owed a follow-up after `instant`.
    public func nextFollowUp(for item: Item, assignment: Assignment, hours: WorkingHours, ownNudges: NudgeMode?, after instant: Date) -> Date? {
        Self.earlier(
            schedule(for: item, assignment: assignment, hours: hours, ownNudges: ownNudges).first { $0.at > instant }?.at,
            dailyNudges(for: item, assignment: assignment, hours: hours, ownNudges: ownNudges)?.nudge(after: instant))
    }
}
