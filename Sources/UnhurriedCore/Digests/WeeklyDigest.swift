import Foundation

/// `weekly_digest: { day: mon, at: "09:30" }`: a weekday and a local time in the team's zone.
public struct WeeklyDigestTime: Hashable, Sendable {
    public var day: Weekday
    public var at: TimeOfDay

    public init(day: Weekday, at: TimeOfDay) {
        self.day = day
        self.at = at
    }
}

/// A channel's week in one post: per tier how many asks, how fast the first responses came (in each assignee's working
/// time) and how many within the expected time; the decisions recorded; the pre-reads held. Figures for the team, never
/// a table of people. Each is keyed by channel and date, so it is posted once however often it is looked for.
public struct WeeklyDigest: Sendable {
    public let policy: ResponsePolicy
    public let time: WeeklyDigestTime

    /// How many decisions and pre-reads are listed; the rest are counted.
    static let listedLines = 10

    public init?(policy: ResponsePolicy) {
        guard let time = policy.weeklyDigest else { return nil }
        self.policy = policy
        self.time = time
    }

    private var zone: TimeZone { policy.workingHours.timeZone }
    private var calendar: WorkingCalendar { WorkingCalendar(hours: policy.workingHours) }

    /// The latest digest instant at or before `now`, with its date.
    public func latest(atOrBefore now: Date) -> (instant: Date, date: LocalDate) {
        let today = LocalDate(of: now, in: zone)
        var date = today.adding(days: -((today.weekday.rawValue - time.day.rawValue + 7) % 7))
        if calendar.instant(on: date, at: time.at) > now { date = date.adding(days: -7) }
        return (calendar.instant(on: date, at: time.at), date)
    }

    /// The first digest instant after `now`.
    public func next(after now: Date) -> Date {
        let latest = latest(atOrBefore: now)
        return calendar.instant(on: latest.date.adding(days: 7), at: time.at)
    }

    /// The seven days before the digest's date, midnight to midnight in the team's zone: what it reports.
    public func week(before date: LocalDate) -> (start: Date, end: Date) {
        let midnight = TimeOfDay(hour: 0, minute: 0)!
        return (calendar.instant(on: date.adding(days: -7), at: midnight), calendar.instant(on: date, at: midnight))
    }

    /// What a channel's digest for `week` says, from the histories of its items created since a while before it; nil
    /// when nothing was asked, decided or held there that week.
    public func digest(
        of histories: [ItemHistory], week: (start: Date, end: Date), now: Date, hours: (ChatUserID, ChatChannel) -> WorkingHours
    ) -> ChatMessage? {
        let inWeek = { (instant: Date) -> Bool in instant >= week.start && instant < week.end }
        let asks = histories.filter { $0.item.kind == .ask && inWeek($0.item.createdAt) }
        // Only the week's asks: what is overdue now belongs to the daily digest.
        let figures = ResponseStatistics.compute(asks, since: week.start, now: now, hours: hours).filter { $0.asksCreated > 0 }
        let items = histories.map(\.item)
        let decisions = items.filter { $0.kind == .decision && inWeek($0.createdAt) }
        let held = items.compactMap { item -> (item: Item, startsAt: Date)? in
            guard item.kind == .preread, item.status != .cancelled, let startsAt = item.meeting?.startsAt, inWeek(startsAt) else { return nil }
            return (item, startsAt)
        }
        let prereads = held.sorted { $0.startsAt < $1.startsAt }.map(\.item)
        guard !figures.isEmpty || !decisions.isEmpty || !prereads.isEmpty else { return nil }
        return MessageComposer.weeklyDigest(
            from: LocalDate(of: week.start, in: zone), to: LocalDate(of: week.end.addingTimeInterval(-1), in: zone),
            figures: figures, decisions: decisions, prereads: prereads, zone: zone)
    }
}
