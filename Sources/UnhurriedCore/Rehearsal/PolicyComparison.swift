import Foundation

/// What a candidate policy would change for asks already made, against the policy in force. Each assignment is
/// planned again under both, as `explain` plans an ask — from the instant it was asked, by its tier, in the
/// assignee's own working time — and its follow-ups placed by the scheduler's planner, as `serve` and `simulate`
/// place them. A deadline the asker named (`by friday`) is not stored apart from the tier's, so every deadline is
/// compared as the tier would set it.
public struct PolicyComparison: Sendable, Equatable {
    /// How many deadlines moved one way, and by how much (calendar time).
    public struct Shift: Sendable, Equatable {
        public var count: Int
        public var median: Duration?
        public var largest: Duration?

        public init(count: Int = 0, median: Duration? = nil, largest: Duration? = nil) {
            self.count = count
            self.median = median
            self.largest = largest
        }
    }

    public var asksCompared = 0
    public var assignmentsCompared = 0
    public var earlier = Shift()
    public var later = Shift()
    /// Reminders, overdue notices, daily nudges and calls of a card (or its first call) that would reach someone
    /// outside their working hours or in their focus time, under the policy in force and under the candidate.
    public var callsOutsideHoursNow = 0
    public var callsOutsideHoursCandidate = 0
    public var remindersNow = 0
    public var remindersCandidate = 0
    public var escalationsGained = 0
    public var escalationsLost = 0
    /// Tiers the asks name that the candidate lacks: their asks are compared under the candidate's default tier.
    public var tiersMissing: [String] = []

    /// Compares `current` with `candidate` on the asks among `histories`; `personal` is what assignees set themselves.
    public static func compare(
        _ histories: [ItemHistory], current: ResponsePolicy, candidate: ResponsePolicy,
        personal: [WorkspaceRef: [ChatUserID: PersonalSettings]]
    ) -> PolicyComparison {
        var comparison = PolicyComparison()
        var earlierBy: [Duration] = []
        var laterBy: [Duration] = []
        var missing: Set<String> = []
        for history in histories where history.item.kind == .ask && history.item.meeting == nil {
            let item = history.item
            comparison.asksCompared += 1
            if candidate.tier(named: item.tierName, inChannel: item.channel.channelID) == nil { missing.insert(item.tierName) }
            for assignment in item.assignments {
                let settings = personal[item.channel.workspace]?[assignment.assignee]
                let now = Rehearsed(item, assignee: assignment.assignee, under: current, personal: settings)
                let then = Rehearsed(item, assignee: assignment.assignee, under: candidate, personal: settings)
                comparison.assignmentsCompared += 1
                let shift = Duration.seconds(then.plan.due.timeIntervalSince(now.plan.due))
                if shift < .zero { earlierBy.append(.zero - shift) } else if shift > .zero { laterBy.append(shift) }
                comparison.callsOutsideHoursNow += now.callsOutsideHours
                comparison.callsOutsideHoursCandidate += then.callsOutsideHours
                comparison.remindersNow += now.plan.reminders.count
                comparison.remindersCandidate += then.plan.reminders.count
                switch (now.plan.escalation, then.plan.escalation) {
                case (nil, _?): comparison.escalationsGained += 1
                case (_?, nil): comparison.escalationsLost += 1
                default: break
                }
            }
        }
        comparison.earlier = Shift(of: earlierBy)
        comparison.later = Shift(of: laterBy)
        comparison.tiersMissing = missing.sorted()
        return comparison
    }

    /// Whether the candidate changes nothing the comparison looks at.
    public var changesNothing: Bool {
        earlier.count == 0 && later.count == 0 && callsOutsideHoursNow == callsOutsideHoursCandidate && remindersNow == remindersCandidate
            && escalationsGained == 0 && escalationsLost == 0
    }
}

extension PolicyComparison.Shift {
    init(of shifts: [Duration]) {
        let sorted = shifts.sorted()
        self.init(count: sorted.count, median: ResponseStatistics.percentile(sorted, 0.5), largest: sorted.last)
    }
}

/// One assignment of an ask planned again under a policy: its deadline, reminders and escalation, and how many of the
/// calls it makes reach the assignee outside their hours.
private struct Rehearsed {
    let plan: ResponsePlan
    let callsOutsideHours: Int

    init(_ asked: Item, assignee: ChatUserID, under policy: ResponsePolicy, personal: PersonalSettings?) {
        let channelID = asked.channel.channelID
        let tier = policy.tier(named: asked.tierName, inChannel: channelID) ?? policy.defaultTier(forChannel: channelID)
        let hours = policy.workingHours(for: assignee, inChannel: channelID, personal: personal)
        plan = policy.plan(for: tier, createdAt: asked.createdAt, workingHours: hours)
        let planner = FollowUpPlanner(policy: policy)
        let new = planner.planningFirstFollowUps(
            of: NewItem(
                kind: .ask, channel: asked.channel, author: asked.author, request: asked.request, links: [], tierName: tier.name,
                createdAt: asked.createdAt, assignments: [Assignment(assignee: assignee, dueAt: plan.due)]),
            hours: [assignee: hours], ownNudges: personal?.nudges.map { [assignee: $0] } ?? [:], after: asked.createdAt)
        let item = Item(id: asked.id, status: .open, new)
        let assignment = item.assignments[0]
        // The card calls the assignee when it is posted, unless a first call in their hours was planned instead.
        let cardCall = assignment.firstCallAt == nil ? [asked.createdAt] : []
        let followUps = planner.schedule(for: item, assignment: assignment, hours: hours, ownNudges: personal?.nudges)
            .filter { $0.kind != .escalation }.map(\.at)
        let calendar = WorkingCalendar(hours: hours)
        callsOutsideHours = (cardCall + followUps).count { calendar.nextReachableInstant(atOrAfter: $0) > $0 }
    }
}
