/// A command after the grammar has read it: one verb with its arguments.
public enum Command: Sendable, Equatable {
    case ask(AskRequest)
    case inbox(ListPage)
    case sent(ListPage)
    /// An item whole, with its history, answered privately: cards show long text shortened.
    case show(ItemID)
    case done(ItemID)
    case cancel(ItemID)
    case acknowledge(ItemID)
    /// An assignee needs more from the asker before they can answer; `question` is what they need as typed, mentions
    /// and links kept, empty when none was.
    case requestInfo(ItemID, question: [CommandToken])
    case snooze(ItemID, SnoozeLength)
    case help
    case policy
    /// Response figures of the channel over the last `days` days.
    case stats(days: Int)
    /// Records a decision in the log and posts it.
    case decide(DecisionRequest)
    /// Records a decision that replaces an earlier one, which stays in the log as superseded.
    case supersede(ItemID, DecisionRequest)
    /// Searches the decision log.
    case searchDecisions([String])
    /// Finds asks and pre-reads by their words and their replies.
    case searchItems([String])
    /// Schedules a meeting's pre-read.
    case preread(PrereadRequest)
    case cancelPreread(ItemID)
    /// The channel's pre-reads whose meetings are still ahead.
    case listPrereads
    /// An answer to the standups the speaker is in (`/update <text>`).
    case update(String)
    /// `/overlap @ana @raj`: the working hours the speaker and they share.
    case overlap([ChatUserID])
    /// What the pre-read's buttons do, typed: "I've read it" and "I have a question".
    case readPreread(ItemID)
    case questionPreread(ItemID)
    case showHours
    case setHours(HoursChange)
    case resetHours
    /// `/hours nudges daily|each`: how the speaker is reminded of asks waiting on them.
    case setNudges(NudgeMode)
    case showAway
    case addAway(TypedDayRange)
    case clearAway
}

/// The parts of `/hours mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00 America/Chicago focus 09:00-11:00` a person
/// gave; the rest stay as they were.
public struct HoursChange: Equatable, Sendable {
    public var timeZoneName: String?
    public var schedule: ScheduleWords?
    public var focus: FocusChange?

    public init(timeZoneName: String? = nil, schedule: ScheduleWords? = nil, focus: FocusChange? = nil) {
        self.timeZoneName = timeZoneName
        self.schedule = schedule
        self.focus = focus
    }
}

/// `/hours focus 09:00-11:00 mon-fri`, `/hours focus off` (none, whatever the team keeps) or `/hours focus reset`
/// (the team's again).
public enum FocusChange: Equatable, Sendable {
    case set(WeeklySchedule)
    case off
    case team
}

/// `/decision we ship on the 3rd, see https://… #launch`: the text as written (tags included), and its links.
public struct DecisionRequest: Sendable, Equatable {
    public var text: String
    public var links: [Link]

    public init(text: String, links: [Link]) {
        self.text = text
        self.links = links
    }

    /// The `#words` in the text.
    public var tags: [String] {
        text.split(whereSeparator: \.isWhitespace).filter { $0.count > 1 && $0.hasPrefix("#") }.map { String($0.dropFirst()).lowercased() }
    }
}

/// What an `ask` says: who, about what, with which links, tier and deadline.
public struct AskRequest: Sendable, Equatable {
    public var assignees: [ChatUserID]
    public var request: String
    public var links: [Link]
    public var tierName: String?
    /// The trailing `by …` / `in …` / `next …` words, read against the speaker's clock by the handler.
    public var deadlineClause: [String]?
    /// Trailing words that look meant as a deadline but do not read as one (`by blursday`); they stay in the request.
    public var misreadDeadline: String?

    public init(
        assignees: [ChatUserID], request: String, links: [Link], tierName: String?, deadlineClause: [String]? = nil, misreadDeadline: String? = nil
    ) {
        self.assignees = assignees
        self.request = request
        self.links = links
        self.tierName = tierName
        self.deadlineClause = deadlineClause
        self.misreadDeadline = misreadDeadline
    }
}

/// Why a command could not be read. Each case carries what a person needs to fix it.
public enum CommandError: Error, Equatable, Sendable {
    case emptyCommand
    case unknownVerb(String)
    case askWithoutAssignee
    case askWithoutRequest
    case unknownTier(String, known: [String])
    case conflictingTiers([String])
    case missingItemID(verb: String)
    case invalidItemID(verb: String, text: String)
    case unexpectedArguments(verb: String)
    case unreadableHours(String)
    /// Days without hours (`fri` in `mon-thu 08:00-12:00 fri`) or hours without days, where several groups are given.
    case unpairedHours(String)
    /// `/hours nudges` with something other than `daily` or `each` (nil: with nothing).
    case unreadableNudges(String?)
    case unreadableAway(String)
    case unreadableStatsPeriod(String)
    case decisionWithoutText
    case prereadWithoutTitle
    case prereadWithoutTime
    case prereadWithoutReaders
    case unreadablePostLead(String)
    case updateWithoutText
    case overlapWithoutPeople
    case searchWithoutWords
    case invalidPage(verb: String, text: String)
    case tooLong(characters: Int, limit: Int)
    /// More people than the policy's `max_assignees`.
    case tooManyPeople(count: Int, limit: Int)
}
