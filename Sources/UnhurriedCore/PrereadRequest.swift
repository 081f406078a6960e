import Foundation

/// What `/preread Q3 planning at thu 15:00 post 2d before for @ana @raj Agenda: … https://…` says.
///
/// Where the meeting time ends and the agenda begins depends on what reads as a time, which only the handler can
/// tell (it knows the speaker's clock and zone): the grammar hands over the words after `at` as they are, and
/// `splitting(timeWords:)` cuts them once the handler knows how many it read.
public struct PrereadRequest: Sendable, Equatable {
    public var title: String
    /// Links written in the title: documents to read, like the agenda's.
    public var titleLinks: [Link]
    /// Everyone mentioned: the people expected to read it.
    public var readers: [ChatUserID]
    /// `post 2d before`: how long ahead of the meeting it goes out, instead of the policy's lead.
    public var postBefore: PolicyDuration?
    /// The words after `at`: the meeting time, then the agenda, without the `post … before` and `for` parts.
    public var schedule: [CommandToken]

    public init(title: String, titleLinks: [Link] = [], readers: [ChatUserID], postBefore: PolicyDuration?, schedule: [CommandToken]) {
        self.title = title
        self.titleLinks = titleLinks
        self.readers = readers
        self.postBefore = postBefore
        self.schedule = schedule
    }

    /// The longest run of plain words at the start of `schedule` that could be a time: `friday 10:00`, `dec 3 3pm`.
    public static let longestTime = 5

    /// The words that may name the meeting time, longest first to try.
    public var timeCandidates: [[String]] {
        let words = schedule.prefix(Self.longestTime).prefix { if case .word = $0 { true } else { false } }.map(\.plainText)
        return (1...max(words.count, 1)).reversed().map { Array(words.prefix($0)) }.filter { !$0.isEmpty }
    }

    /// The agenda and every link (the title's first), once the first `count` words of `schedule` were read as the
    /// meeting time.
    public func splitting(timeWords count: Int) -> (agenda: String, links: [Link]) {
        let (agenda, links) = CommandGrammar.textAndLinks(schedule.dropFirst(count))
        return (agenda, titleLinks + links)
    }
}
