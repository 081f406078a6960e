import Foundation

/// An async standup from the policy's `standups:`: who is asked, at what time of their own day, which questions,
/// and when the channel gets everyone's answers in one post.
public struct Standup: Hashable, Sendable {
    /// Where the digest is posted; its platform and workspace are where the people are asked.
    public var channel: ChatChannel
    public var people: [ChatUserID]
    /// Each person's own local time, on their own working days.
    public var promptAt: TimeOfDay
    public var questions: [String]
    /// The digest's local time in `digestTimeZone`, on the team's working days there.
    public var digestAt: TimeOfDay
    public var digestTimeZone: TimeZone
    /// The days a round ends on (`every: weekly`, `days: [fri]`); nil for every one of the team's working days.
    public var roundDays: Set<Weekday>?

    public static let defaultQuestions = ["What did you get done?", "What is next?", "Is anything in your way?"]

    public init(
        channel: ChatChannel, people: [ChatUserID], promptAt: TimeOfDay, questions: [String] = Self.defaultQuestions,
        digestAt: TimeOfDay, digestTimeZone: TimeZone, roundDays: Set<Weekday>? = nil
    ) {
        self.channel = channel
        self.people = people
        self.promptAt = promptAt
        self.questions = questions
        self.digestAt = digestAt
        self.digestTimeZone = digestTimeZone
        self.roundDays = roundDays
    }

    /// Names the standup in idempotency keys and stored answers.
    public var key: String { "\(channel.platform):\(channel.workspaceID):\(channel.channelID)" }
}

/// One round of a standup: the answers given after the previous digest and up to this one — a day's, or on a
/// weekly standup a week's.
public struct StandupRound: Hashable, Sendable {
    /// The digest's local date, in the digest's zone.
    public var date: LocalDate
    /// When the previous digest went out: prompts and answers after it belong to this round.
    public var opensAfter: Date
    public var digestAt: Date

    public init(date: LocalDate, opensAfter: Date, digestAt: Date) {
        self.date = date
        self.opensAfter = opensAfter
        self.digestAt = digestAt
    }
}

/// What someone answered to a standup's round: one message, or (read back) all of theirs in the round, joined.
public struct StandupAnswer: Hashable, Sendable {
    public var standupKey: String
    public var round: LocalDate
    public var person: ChatUserID
    public var text: String
    public var answeredAt: Date
    /// The message it came in (or the command's instant): a platform's retry of the same message adds nothing.
    public var messageRef: String

    public init(standupKey: String, round: LocalDate, person: ChatUserID, text: String, answeredAt: Date, messageRef: String) {
        self.standupKey = standupKey
        self.round = round
        self.person = person
        self.text = text
        self.answeredAt = answeredAt
        self.messageRef = messageRef
    }
}

/// Where standup answers are kept until their digest (and after, for the record).
public protocol StandupStore: Sendable {
    /// Adds the answer to what the person said in that round before; an answer from a message recorded before is ignored.
    func recordStandupAnswer(_ answer: StandupAnswer) async throws
    /// The round's answers, one per person (their messages joined by line breaks), in the order people first answered.
    func standupAnswers(of standupKey: String, round: LocalDate) async throws -> [StandupAnswer]
}
