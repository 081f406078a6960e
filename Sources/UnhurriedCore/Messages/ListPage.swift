/// Which part of a long list an answer shows (`/inbox 2`). A list is answered a page at a time so that each answer is
/// one post every platform takes, however many items wait: two hundred open asks are eight short pages, not one post
/// Slack refuses.
public struct ListPage: Sendable, Equatable {
    public static let size = 25
    public static let first = ListPage(number: 1)

    /// Counted from 1, as people type it.
    public var number: Int

    /// `2`; nil for anything but a page number a list could have.
    public init?(parsing text: String) {
        guard let number = Int(text), number >= 1 else { return nil }
        self.number = number
    }

    private init(number: Int) {
        self.number = number
    }

    /// The page's positions in a list of `count`; empty past the last page.
    func positions(in count: Int) -> Range<Int> {
        let start = (number - 1).multipliedReportingOverflow(by: Self.size)
        guard !start.overflow, start.partialValue < count else { return count..<count }
        return start.partialValue..<min(count, start.partialValue + Self.size)
    }

    static func count(for items: Int) -> Int {
        (items + size - 1) / size
    }

    /// Where the page is in the list and how to see the next: nil when the list fits in one page.
    func footer(listing count: Int, with verb: Verb) -> MessageBlock? {
        let pages = Self.count(for: count)
        guard pages > 1 else { return nil }
        let shown = positions(in: count)
        var spans: [RichText.Span] = [.text("\(shown.lowerBound + 1)–\(shown.upperBound) of \(count) · page \(number) of \(pages)")]
        if number < pages { spans += [.text(" · "), .command("\(verb.rawValue) \(number + 1)"), .text(" for the next")] }
        return .context(RichText(spans))
    }

    /// The answer to a page past the end of a list.
    func beyond(listing count: Int, with verb: Verb) -> ChatMessage {
        let pages = Self.count(for: count)
        return MessageComposer.plain([.text("There \(pages == 1 ? "is 1 page" : "are \(pages) pages") of \(count); "),
                                      .command(pages == 1 ? verb.rawValue : "\(verb.rawValue) \(pages)"), .text(" shows the last.")])
    }
}
