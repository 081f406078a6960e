import Foundation

/// When channels get their daily digest and what it says. Digests go out at a local time in the team's zone, on
/// the team's working days; each is keyed by channel and date, so it is queued once however often it is checked.
public struct DigestPlanner: Sendable {
    public let policy: ResponsePolicy

    /// A digest more than this late (the server was down at its time) is not sent at all: it would be stale.
    public static let staleAfter: TimeInterval = 6 * 3600

    public init(policy: ResponsePolicy) {
        self.policy = policy
    }

    private var teamCalendar: WorkingCalendar { WorkingCalendar(hours: policy.workingHours) }

    /// Whether some channel's digest time fell after `lastCheck` (or in the stale window, on the first check) and
    /// by `now`: only then are the channels looked at.
    public func hasDigestDue(after lastCheck: Date?, now: Date) -> Bool {
        let since = max(lastCheck ?? .distantPast, now.addingTimeInterval(-Self.staleAfter))
        return policy.digestTimes.contains { time in
            guard let instant = todaysInstant(of: time, now: now) else { return false }
            return instant > since && instant <= now
        }
    }

    /// The digests due at `now` among `channels`, as posts to queue.
    public func dueDigests(in channels: [ChatChannel], now: Date) -> [QueuedPost] {
        let today = LocalDate(of: now, in: policy.workingHours.timeZone)
        return channels.compactMap { channel in
            guard let time = policy.digestTime(forChannel: channel.channelID), let instant = todaysInstant(of: time, now: now),
                  instant <= now, now.timeIntervalSince(instant) < Self.staleAfter else { return nil }
            return QueuedPost(
                idempotencyKey: .digest(of: channel, on: today), channel: channel,
                kind: .digest, itemID: nil, dueAt: instant)
        }
    }

    /// The next instant after `now` at which some channel's digest is due.
    public func nextDigest(after now: Date) -> Date? {
        let calendar = teamCalendar
        let today = LocalDate(of: now, in: policy.workingHours.timeZone).daysSince1970
        for day in today...(today + 14) {
            let date = LocalDate(daysSince1970: day)
            guard calendar.isWorkingDay(date) else { continue }
            let instants = policy.digestTimes.map { calendar.instant(on: date, at: $0) }.filter { $0 > now }
            if let first = instants.min() { return first }
        }
        return nil
    }

    /// The working day before the digest's, whose responses it reports: Friday's on a Monday.
    public func reportedDay(before instant: Date) -> (start: Date, end: Date) {
        let calendar = teamCalendar
        let digestDay = LocalDate(of: instant, in: policy.workingHours.timeZone).daysSince1970
        var day = digestDay - 1
        while day > digestDay - 14, !calendar.isWorkingDay(LocalDate(daysSince1970: day)) { day -= 1 }
        let midnight = TimeOfDay(hour: 0, minute: 0)!
        return (calendar.instant(on: LocalDate(daysSince1970: day), at: midnight),
                calendar.instant(on: LocalDate(daysSince1970: day + 1), at: midnight))
    }

    private func todaysInstant(of time: TimeOfDay, now: Date) -> Date? {
        let calendar = teamCalendar
        let today = LocalDate(of: now, in: policy.workingHours.timeZone)
        guard calendar.isWorkingDay(today) else { return nil }
        return calendar.instant(on: today, at: time)
    }

    /// What a channel's digest says, or nil when there is nothing to say.
    public func digest(
        openItems: [Item], responses: [FirstResponse], hours: (ChatUserID, String) -> WorkingHours, day: (start: Date, end: Date), now: Date
    ) -> ChatMessage? {
        let waiting = openItems.flatMap { item in
            item.assignments.filter { $0.status == .open }.map { (item: item, assignment: $0) }
        }.sorted { $0.assignment.dueAt < $1.assignment.dueAt }
        let times = responses.map { response -> (Duration, Bool) in
            let assignment = response.item.assignment(of: response.assignee)
            let calendar = WorkingCalendar(hours: hours(response.assignee, response.item.channel.channelID))
            let taken = calendar.workingTime(from: response.item.createdAt, to: response.respondedAt)
            return (taken, assignment.map { response.respondedAt <= $0.dueAt } ?? true)
        }
        guard !waiting.isEmpty || !times.isEmpty else { return nil }
        let figures = times.isEmpty ? nil : DigestFigures(
            day: LocalDate(of: day.start, in: policy.workingHours.timeZone), responses: times.count,
            medianTimeToFirstResponse: ResponseStatistics.percentile(times.map(\.0).sorted(), 0.5) ?? .zero,
            shareWithinExpectation: Double(times.filter(\.1).count) / Double(times.count))
        // An acknowledged part has had its response; only those still awaiting one can be past their deadline.
        let overdue = waiting.filter { $0.assignment.isAwaitingResponse && $0.assignment.dueAt <= now }
        let open = waiting.filter { !($0.assignment.isAwaitingResponse && $0.assignment.dueAt <= now) }
        return MessageComposer.digest(
            date: LocalDate(of: now, in: policy.workingHours.timeZone), overdue: overdue, open: open, figures: figures)
    }
}

/// The last working day's response figures in a digest.
public struct DigestFigures: Sendable, Equatable {
    public var day: LocalDate
    public var responses: Int
    /// Counted in each assignee's working time.
    public var medianTimeToFirstResponse: Duration
    public var shareWithinExpectation: Double
}
