import Foundation

/// Words of a request for more on an ask: the call to its author, the call back to the requester, the answers to them.
extension MessageComposer {
    /// How much of a typed question the call quotes; the item's history keeps it whole.
    static let quotedQuestionLimit = 500

    /// Under the card, to its author.
    static func infoRequest(_ item: Item, by requester: ChatUserID, question: [CommandToken]) -> ChatMessage {
        var spans: [RichText.Span] = [.user(item.author), .text(", "), .user(requester), .text(" needs more from you to answer "),
                                      .bold("ask \(item.id)")]
        if !question.isEmpty {
            spans += [.text(":"), .lineBreak] + quoted(question).spans + [.lineBreak]
        } else {
            spans.append(.text("; they say what in this thread. "))
        }
        spans.append(.text("Reply in this thread: they are told when you do."))
        return ChatMessage(fallbackText: "More is needed to answer ask \(item.id)", blocks: [.section(RichText(spans))])
    }

    /// A typed question as the call shows it: the people it mentions by name and its links as links, cut with "…".
    private static func quoted(_ question: [CommandToken]) -> RichText {
        var spans: [RichText.Span] = []
        for (index, token) in question.enumerated() {
            if index > 0 { spans.append(.text(" ")) }
            switch token {
            case .word(let word): spans.append(Link.bare(word).map(RichText.Span.link) ?? .text(word))
            case .mention(let user): spans.append(.user(user))
            case .link(let link): spans.append(.link(link))
            }
        }
        return RichText(spans).fitted(atMost: quotedQuestionLimit) { $0.length <= quotedQuestionLimit }
    }

    /// Under the card, to the assignee who asked for more, once the author replied there.
    static func infoAnswer(_ item: Item, to requester: ChatUserID) -> ChatMessage {
        var spans: [RichText.Span] = [.user(requester), .text(", "), .user(item.author), .text(" answered in this thread what you asked about "),
                                      .bold("ask \(item.id)"), .text(".")]
        if let due = item.assignment(of: requester)?.dueAt { spans += [.text(" It is due "), .time(due), .text(".")] }
        return ChatMessage(fallbackText: "Your question on ask \(item.id) was answered", blocks: [.section(RichText(spans))])
    }

    /// The answer to the requester when the request was recorded; without a question, they are asked to say what.
    public static func infoRequested(_ item: Item, withQuestion: Bool) -> ChatMessage {
        var spans: [RichText.Span] = [
            .text("Asked "), .user(item.author), .text(" for more on \(item.id) in its thread: they are called there in their working "),
            .text("hours, and you are when they answer. Your reminders for \(item.id) stop."),
        ]
        if !withQuestion { spans.append(.text(" Say there what you need.")) }
        return answerNaming(spans)
    }

    /// The answer to a second press before the author answered.
    static func infoAlreadyRequested(_ item: Item) -> ChatMessage {
        answerNaming([.text("You asked "), .user(item.author), .text(" for more on \(item.id) already; you are called in its thread when they "),
                      .text("answer. "), .command("clarify \(item.id.rawValue) …"), .text(" adds a question.")])
    }

    /// An answer to one person names the others without calling them.
    private static func answerNaming(_ spans: [RichText.Span]) -> ChatMessage {
        var message = plain(spans)
        message.callsPeopleNamed = false
        return message
    }
}
