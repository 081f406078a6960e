import Foundation

/// How far ahead of their meetings pre-reads go out and remind, from the policy file's `preread:` section.
public struct PrereadPolicy: Hashable, Sendable {
    /// How long before the meeting the pre-read is posted, in its author's working time.
    public var postBefore: PolicyDuration
    /// How long before the meeting a reader who has not read it is reminded, in the reader's working time.
    public var remindBefore: PolicyDuration

    public static let defaultPostBefore = PolicyDuration(days: 1)
    public static let defaultRemindBefore = PolicyDuration(seconds: 4 * 3600)

    public init(postBefore: PolicyDuration = Self.defaultPostBefore, remindBefore: PolicyDuration = Self.defaultRemindBefore) {
        self.postBefore = postBefore
        self.remindBefore = remindBefore
    }
}

/// The instants of a pre-read: when it is posted and when each reader is reminded. Leads are counted in working
/// time, so "a day before" a Monday meeting is Friday, and a reminder lands inside the reader's own hours.
public enum PrereadPlanner {
    /// When a pre-read for a meeting at `startsAt` goes out: `lead` of the author's working time before it, or at
    /// once when that has passed.
    public static func postAt(meetingAt startsAt: Date, lead: PolicyDuration, authorHours: WorkingHours, now: Date) -> Date {
        max(instant(lead, before: startsAt, in: authorHours), now)
    }

    /// The one reminder a reader is owed: `lead` of their working time before the meeting, after their focus time
    /// when it falls in it and that still comes before the meeting. None when it falls before the pre-read is
    /// posted, which is itself the reader's notice.
    public static func reminder(for meeting: Meeting, lead: PolicyDuration, readerHours: WorkingHours) -> Date? {
        let at = instant(lead, before: meeting.startsAt, in: readerHours)
        guard at > meeting.postAt, at < meeting.startsAt else { return nil }
        let reachable = WorkingCalendar(hours: readerHours).nextReachableInstant(atOrAfter: at)
        return reachable < meeting.startsAt ? reachable : at
    }

    /// `lead` of working time in `hours` before `end`.
    private static func instant(_ lead: PolicyDuration, before end: Date, in hours: WorkingHours) -> Date {
        WorkingCalendar(hours: hours).subtracting(lead.length(workingDay: hours.workingDayLength), from: end)
    }
}
