/// How someone is reminded of asks waiting on them: a reminder per ask as its tier plans them, or one message at the
/// start of their working day listing them all. A tier sets it for its asks (`reminders: daily`), a person for all
/// theirs (`/hours nudges daily`); either one asking for daily is enough.
public enum NudgeMode: String, Sendable, CaseIterable {
    /// A reminder per ask before its deadline, and an overdue notice at it.
    case each
    /// One direct message at the start of each working day, instead of those.
    case daily
}
