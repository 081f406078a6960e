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

    /// How the words after `at` read as the meeting's time.
    public enum MeetingTime: Equatable, Sendable {
        /// The first `words` of `schedule` are the time.
        case read(Date, words: Int)
        /// No run of words reads as a time that can be; `clause` is the run the error is about.
        case unreadable(TimeExpressionError, clause: String)
        /// `at 3pm friday`: `time` reads, but `next`, after it, looks like part of it.
        case inAnotherOrder(time: String, next: String)
        /// `at friday`: a day, without the time the meeting starts.
        case withoutTimeOfDay(String)
    }

    /// Reads the meeting time with `reader` (the author's clock and hours). The longest run of words that reads is
    /// the meeting's and the rest is the agenda; a run that reads as a time that cannot be (passed, no such date) is
    /// what the person meant, and is refused rather than read shorter.
    public func meetingTime(readWith reader: TimeExpressionReader) -> MeetingTime {
        var refusal: (error: TimeExpressionError, words: [String])?
        for candidate in timeCandidates {
            let startsAt: Date
            do {
                startsAt = try reader.read(["at"] + candidate)
            } catch .unreadable(let understood, let example) {
                if refusal == nil { refusal = (.unreadable(understood: understood, example: example), candidate) }
                continue
            } catch {
                refusal = (error, candidate)
                break
            }
            let text = candidate.joined(separator: " ")
            // A time without a day, or a day without a time, followed by what could belong to it was written in another
            // order (`3pm friday` reads `3pm`, today); a day and a time are complete, and what follows is the agenda.
            let complete = TimeExpressionReader.namesDay(candidate) && TimeExpressionReader.namesTimeOfDay(candidate)
            if !complete, case .word(let next)? = schedule.dropFirst(candidate.count).first, TimeExpressionReader.couldBePartOfATime(next) {
                return .inAnotherOrder(time: text, next: next)
            }
            // `at thursday` alone would be the end of the author's working day.
            guard TimeExpressionReader.namesTimeOfDay(candidate) else { return .withoutTimeOfDay(text) }
            return .read(startsAt, words: candidate.count)
        }
        let (error, words) = refusal ?? (.unreadable(understood: "", example: TimeExpressionReader.example), [])
        return .unreadable(error, clause: words.joined(separator: " "))
    }

    /// The agenda and every link (the title's first), once the first `count` words of `schedule` were read as the
    /// meeting time.
    public func splitting(timeWords count: Int) -> (agenda: String, links: [Link]) {
        let (agenda, links) = CommandGrammar.textAndLinks(schedule.dropFirst(count))
        return (agenda, titleLinks + links)
    }
}
