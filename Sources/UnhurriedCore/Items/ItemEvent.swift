import Foundation

/// What happened to an item; the store keeps these append-only as the item's history.
public struct ItemEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case created
        case acknowledged
        case snoozed
        case assignmentDone = "assignment_done"
        case done
        case cancelled
        case superseded
        /// A reader marked a pre-read read.
        case read
        /// A reader said they have a question about a pre-read; it is open until they mark it read.
        case questionRaised = "question_raised"
        /// A pre-read's meeting started and its summary was posted; recorded under the pre-read's author.
        case meetingStarted = "meeting_started"
        /// The assignee's deadline moved later because they recorded time away; recorded under them.
        case deadlineMovedAway = "deadline_moved_away"
        /// The assignee's deadline moved later because a reloaded policy took working time from them (holidays
        /// added, hours cut); recorded under them.
        case deadlineMovedByPolicy = "deadline_moved_policy"
        /// The assignee's deadline, counted in the team's zone while their profile had not answered, was planned again in
        /// the zone it then gave (it may stay where it was); recorded under them.
        case deadlinePlannedInOwnZone = "deadline_planned_in_own_zone"
        /// Someone with a part in the item (its author, an assignee) replied under one of its posts; `text` is what
        /// they wrote, so the answer is kept with the ask.
        case replied
        /// An assignee needs more from the author before they can answer; `text` is what they asked, when they wrote it.
        case infoRequested = "info_requested"
    }

    public var kind: Kind
    public var actor: ChatUserID
    public var at: Date
    /// What was written, for `replied` and `infoRequested`.
    public var text: String?

    public init(kind: Kind, actor: ChatUserID, at: Date, text: String? = nil) {
        self.kind = kind
        self.actor = actor
        self.at = at
        self.text = text
    }
}
