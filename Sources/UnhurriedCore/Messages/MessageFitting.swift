/// Shortening a message to what a platform accepts. Each adapter knows its own limits (Slack's 3,000 characters a
/// section, Mattermost's 16,383 a post, Matrix's 65,536 bytes an event) and asks here for the longest beginning of
/// the text that renders within them, cut with "…". The composer keeps ordinary messages well inside every limit;
/// this is the guard that turns what would be a refused post into a shortened one.
extension RichText {
    /// Each character of people's words counts one; a mention, an instant, a link or a line break counts one as a
    /// whole, since it is never cut.
    var length: Int {
        spans.reduce(0) { total, span in
            switch span {
            case .text(let value), .bold(let value), .code(let value): total + value.count
            case .user, .time, .link, .command, .permalink, .channel, .lineBreak: total + 1
            }
        }
    }

    /// The first `length` units of the text, and "…" if that left anything out.
    func prefix(_ length: Int) -> RichText {
        let (head, rest) = split(at: length)
        guard !rest.spans.isEmpty else { return head }
        // A span cut in two keeps its markup; one that cannot be cut is left out whole.
        switch (head.spans.last, rest.spans.first) {
        case (.text(let start)?, .text?): return RichText(head.spans.dropLast() + [.text(start + "…")])
        case (.bold(let start)?, .bold?): return RichText(head.spans.dropLast() + [.bold(start + "…")])
        case (.code(let start)?, .code?): return RichText(head.spans.dropLast() + [.code(start + "…")])
        default: return RichText(head.spans + [.text("…")])
        }
    }

    /// The first `length` units and the rest; a span of people's words may be cut in two.
    private func split(at length: Int) -> (head: RichText, rest: RichText) {
        var budget = length
        for (index, span) in spans.enumerated() {
            let size = RichText([span]).length
            if size <= budget {
                budget -= size
                continue
            }
            let rest = Array(spans[(index + 1)...])
            func cut(_ value: String, _ make: (String) -> Span) -> (RichText, RichText) {
                let head = budget > 0 ? [make(String(value.prefix(budget)))] : []
                return (RichText(Array(spans[..<index]) + head), RichText([make(String(value.dropFirst(budget)))] + rest))
            }
            switch span {
            case .text(let value): return cut(value, Span.text)
            case .bold(let value): return cut(value, Span.bold)
            case .code(let value): return cut(value, Span.code)
            case .user, .time, .link, .command, .permalink, .channel, .lineBreak: return (RichText(Array(spans[..<index])), RichText(Array(spans[index...])))
            }
        }
        return (self, RichText([]))
    }

    /// The text in consecutive pieces that `fits` accepts each, for a paragraph longer than one block may hold;
    /// pieces end after a space where one is near. A unit too long for any piece on its own is cut with "…".
    public func pieces(_ fits: (RichText) -> Bool) -> [RichText] {
        var pieces: [RichText] = []
        var rest = self
        while !rest.spans.isEmpty {
            // A piece is short beside a long text: its length is found by doubling, then halving, so each costs
            // renderings of about its own length rather than the whole rest's.
            var fitting = 0
            var probe = 64
            while probe < rest.length, fits(rest.head(probe)) {
                fitting = probe
                probe *= 2
            }
            if probe >= rest.length, fits(rest) { break }
            var tooLong = min(probe, rest.length)
            while tooLong - fitting > 1 {
                let middle = fitting + (tooLong - fitting) / 2
                if fits(rest.head(middle)) { fitting = middle } else { tooLong = middle }
            }
            guard fitting > 0 else {
                let (unit, after) = rest.split(at: 1)
                pieces.append(unit.fitted(fits))
                rest = after
                continue
            }
            let (head, after) = rest.split(at: rest.wordBoundary(before: fitting))
            pieces.append(head)
            rest = after
        }
        if !rest.spans.isEmpty || pieces.isEmpty { pieces.append(rest) }
        return pieces
    }

    /// The first `length` units, without the rest: what a search measures.
    private func head(_ length: Int) -> RichText {
        var kept: [Span] = []
        var budget = length
        for span in spans {
            let size = RichText([span]).length
            guard size > budget else {
                kept.append(span)
                budget -= size
                continue
            }
            switch span {
            case .text(let value) where budget > 0: kept.append(.text(String(value.prefix(budget))))
            case .bold(let value) where budget > 0: kept.append(.bold(String(value.prefix(budget))))
            case .code(let value) where budget > 0: kept.append(.code(String(value.prefix(budget))))
            default: break
            }
            break
        }
        return RichText(kept)
    }

    /// Just after the last space among the 200 units before `length`, or `length` where there is none.
    private func wordBoundary(before length: Int) -> Int {
        guard case .text(let value)? = head(length).spans.last else { return length }
        let tail = value.suffix(200)
        guard let space = tail.lastIndex(where: \.isWhitespace) else { return length }
        let after = tail.distance(from: space, to: tail.endIndex) - 1
        return after < length ? length - after : length
    }

    /// The longest beginning of the text that `fits` accepts, cut with "…"; the whole text when it fits. Every unit
    /// takes at least a character to write, so a platform that takes `atMost` characters needs no longer search.
    public func fitted(atMost characters: Int = .max, _ fits: (RichText) -> Bool) -> RichText {
        if fits(self) { return self }
        return longestPrefix(upTo: Swift.min(length, characters), of: prefix, accepted: fits)
    }

    /// The text's lines: what lies between its line breaks.
    public var lines: [RichText] {
        spans.split(separator: .lineBreak, omittingEmptySubsequences: false).map { RichText(Array($0)) }
    }
}

extension ChatMessage {
    /// The message, or as much of its text as `fits` accepts, cut with "…". Its actions stay whatever the cut, so
    /// a shortened card can still be acknowledged and closed. As for a text, `atMost` bounds the search.
    public func fitted(atMost characters: Int = .max, _ fits: (ChatMessage) -> Bool) -> ChatMessage {
        if fits(self) { return self }
        let length = blocks.reduce(0) { total, block in
            switch block {
            case .section(let text), .context(let text): total + text.length
            case .actions: total
            }
        }
        return longestPrefix(upTo: Swift.min(length, characters), of: keepingText, accepted: fits)
    }

    /// The message with the first `length` units of its text; the text blocks after the cut are left out.
    private func keepingText(_ length: Int) -> ChatMessage {
        var budget = length
        var kept: [MessageBlock] = []
        var cut = false
        for block in blocks {
            switch block {
            case .actions: kept.append(block)
            case .section(let text), .context(let text):
                guard !cut else { continue }
                let shortened = text.prefix(budget)
                budget -= text.length
                cut = budget < 0
                if case .section = block { kept.append(.section(shortened)) } else { kept.append(.context(shortened)) }
            }
        }
        // Whom it calls, its reader's zone and what a reaction on it does stay with the shortened message.
        var message = self
        message.blocks = kept
        return message
    }
}

/// The longest of `prefix(0)…prefix(length - 1)` that `accepted` takes, found by halving: rendering a message to
/// measure it costs its length, so a search in a handful of renderings, not one per character. `prefix(0)` when
/// none is accepted: an empty text cut with "…" is the least a post can say.
private func longestPrefix<Value>(upTo length: Int, of prefix: (Int) -> Value, accepted: (Value) -> Bool) -> Value {
    var fitting = 0
    var tooLong = length
    while tooLong - fitting > 1 {
        let middle = fitting + (tooLong - fitting) / 2
        if accepted(prefix(middle)) { fitting = middle } else { tooLong = middle }
    }
    return prefix(fitting)
}
