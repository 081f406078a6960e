import Foundation

/// Reads a command's tokens into a `Command`.
///
/// The verb is the command's own name (`/ask …`) or, for a catch-all command such as `/async`, its first word
/// (`/async ask …`), so a team can register one command or one per verb.
public struct CommandGrammar: Sendable {
    public static let verbs = [
        "ask", "inbox", "sent", "ack", "snooze", "done", "cancel", "hours", "away", "policy", "stats", "decision", "decisions", "help",
    ]

    /// What `/stats` covers when it names no period, and the longest it may name.
    public static let defaultStatsDays = 7
    static let longestStatsDays = 366

    /// What `/snooze 42` means when it names no length.
    public static let defaultSnooze = PolicyDuration(seconds: 3600)

    /// Longer stretches of time away are almost certainly a typo in the year.
    static let longestAway = 366

    /// The tier names a `!tier` flag may name.
    public var tierNames: [String]

    public init(tierNames: [String]) {
        self.tierNames = tierNames
    }

    public func read(commandName: String, tokens: [CommandToken]) throws(CommandError) -> Command {
        let name = commandName.hasPrefix("/") ? String(commandName.dropFirst()) : commandName
        var arguments = tokens[...]
        let verb: String
        if Self.verbs.contains(name.lowercased()) {
            verb = name.lowercased()
        } else {
            guard case .word(let first)? = arguments.first else { throw .emptyCommand }
            verb = first.lowercased()
            arguments = arguments.dropFirst()
        }
        switch verb {
        case "ask": return .ask(try readAsk(arguments))
        case "inbox": try expectNothing(arguments, verb: verb); return .inbox
        case "sent": try expectNothing(arguments, verb: verb); return .sent
        case "help": return .help
        case "policy": try expectNothing(arguments, verb: verb); return .policy
        case "done": return .done(try readItemID(arguments, verb: verb))
        case "cancel": return .cancel(try readItemID(arguments, verb: verb))
        case "ack": return .acknowledge(try readItemID(arguments, verb: verb))
        case "snooze": return try readSnooze(arguments, verb: verb)
        case "hours": return try readHours(arguments.map(\.plainText))
        case "away": return try readAway(arguments.map(\.plainText))
        case "stats": return try readStats(arguments.map(\.plainText))
        case "decision": return try readDecision(arguments)
        case "decisions": return .searchDecisions(arguments.map(\.plainText))
        default: throw .unknownVerb(verb)
        }
    }

    private func readAsk(_ tokens: ArraySlice<CommandToken>) throws(CommandError) -> AskRequest {
        var assignees: [ChatUserID] = []
        var links: [Link] = []
        var words: [String] = []
        var tiers: [String] = []
        for token in tokens {
            switch token {
            case .mention(let user):
                if !assignees.contains(user) { assignees.append(user) }
            case .link(let link):
                links.append(link)
                words.append(link.label ?? link.url)
            case .word(let word):
                if word.count > 1, word.hasPrefix("!") {
                    tiers.append(String(word.dropFirst()).lowercased())
                } else if let link = Link.bare(word) {
                    links.append(link)
                    words.append(word)
                } else {
                    words.append(word)
                }
            }
        }
        guard !assignees.isEmpty else { throw .askWithoutAssignee }
        var deadlineClause: [String]?
        if let start = words.indices.last(where: { TimeExpressionReader.startsClause(words[$0...]) }) {
            deadlineClause = Array(words[start...])
            words.removeSubrange(start...)
        }
        guard !words.isEmpty else { throw .askWithoutRequest }
        let distinctTiers = tiers.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        guard distinctTiers.count <= 1 else { throw .conflictingTiers(distinctTiers) }
        if let tier = distinctTiers.first, !tierNames.contains(tier) {
            throw .unknownTier(tier, known: tierNames)
        }
        return AskRequest(
            assignees: assignees, request: words.joined(separator: " "), links: links, tierName: distinctTiers.first,
            deadlineClause: deadlineClause)
    }

    private func readItemID(_ tokens: ArraySlice<CommandToken>, verb: String) throws(CommandError) -> ItemID {
        guard let first = tokens.first else { throw .missingItemID(verb: verb) }
        guard tokens.count == 1, case .word(let text) = first, let id = ItemID(parsing: text) else {
            throw .invalidItemID(verb: verb, text: tokens.map(\.plainText).joined(separator: " "))
        }
        return id
    }

    /// `snooze 42`, `snooze 42 2h`, `snooze 42 tomorrow`, `snooze 42 until friday 3pm`.
    private func readSnooze(_ tokens: ArraySlice<CommandToken>, verb: String) throws(CommandError) -> Command {
        let id = try readItemID(tokens.prefix(1), verb: verb)
        let words = tokens.dropFirst().map(\.plainText)
        guard let first = words.first else { return .snooze(id, .workingTime(Self.defaultSnooze)) }
        if words.count == 1 {
            if first.lowercased() == "tomorrow" { return .snooze(id, .nextWorkingDay) }
            if let duration = PolicyDuration(parsing: first), !duration.isZero { return .snooze(id, .workingTime(duration)) }
        }
        return .snooze(id, .until(first.lowercased() == "until" ? Array(words.dropFirst()) : words))
    }

    /// `08:00-16:00`, `mon-thu` or `mon,wed,fri`, and an IANA zone, in any order; `reset` forgets them all.
    private func readHours(_ words: [String]) throws(CommandError) -> Command {
        if words.isEmpty { return .showHours }
        if words.map({ $0.lowercased() }) == ["reset"] { return .resetHours }
        var change = HoursChange()
        for word in words {
            if let (from, to) = Self.timeRange(word) {
                change.from = from
                change.to = to
            } else if let days = Self.days(word.lowercased()) {
                change.days = days
            } else if TimeZone(configuredName: word) != nil {
                change.timeZoneName = word
            } else {
                throw .unreadableHours(word)
            }
        }
        return .setHours(change)
    }

    /// `decision <text>` or `decision supersede <id> <text>`.
    private func readDecision(_ tokens: ArraySlice<CommandToken>) throws(CommandError) -> Command {
        if case .word(let first)? = tokens.first, first.lowercased() == "supersede" {
            let rest = tokens.dropFirst()
            let id = try readItemID(rest.prefix(1), verb: "decision supersede")
            return .supersede(id, try readDecisionText(rest.dropFirst()))
        }
        return .decide(try readDecisionText(tokens))
    }

    private func readDecisionText(_ tokens: ArraySlice<CommandToken>) throws(CommandError) -> DecisionRequest {
        let links = tokens.compactMap { token -> Link? in
            switch token {
            case .link(let link): link
            case .word(let word): Link.bare(word)
            case .mention: nil
            }
        }
        // A link reads as its label, as in an ask; the address is kept with the links.
        let text = tokens.map { token in
            if case .link(let link) = token { return link.label ?? link.url }
            return token.plainText
        }.joined(separator: " ")
        guard !text.isEmpty else { throw .decisionWithoutText }
        return DecisionRequest(text: text, links: links)
    }

    /// `7d`, `30d` (any number of days up to a year); nothing means a week.
    private func readStats(_ words: [String]) throws(CommandError) -> Command {
        guard let word = words.first else { return .stats(days: Self.defaultStatsDays) }
        guard words.count == 1, word.lowercased().hasSuffix("d"), let days = Int(word.dropLast()), (1...Self.longestStatsDays).contains(days)
        else { throw .unreadableStatsPeriod(words.joined(separator: " ")) }
        return .stats(days: days)
    }

    private func readAway(_ words: [String]) throws(CommandError) -> Command {
        guard let first = words.first else { return .showAway }
        guard words.count == 1 else { throw .unreadableAway(words.joined(separator: " ")) }
        if first.lowercased() == "clear" { return .clearAway }
        guard let range = DateRange(parsing: first), range.last.daysSince1970 - range.first.daysSince1970 < Self.longestAway else {
            throw .unreadableAway(first)
        }
        return .addAway(range)
    }

    static func timeRange(_ word: String) -> (TimeOfDay, TimeOfDay)? {
        let parts = word.split(separator: "-")
        guard parts.count == 2, let from = TimeOfDay(parsing: parts[0]), let to = TimeOfDay(parsing: parts[1]), from < to else { return nil }
        return (from, to)
    }

    /// `mon-fri` (ranges may wrap, as in `sun-thu`), `mon,wed,fri`, or a single day.
    static func days(_ word: String) -> Set<Weekday>? {
        var days: Set<Weekday> = []
        for part in word.split(separator: ",") {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(ends.count), let first = Weekday(shortName: String(ends[0])),
                  let last = Weekday(shortName: String(ends[ends.count - 1])) else { return nil }
            var day = first
            days.insert(day)
            while day != last {
                day = Weekday(rawValue: day.rawValue % 7 + 1)!
                days.insert(day)
            }
        }
        return days.isEmpty ? nil : days
    }

    private func expectNothing(_ tokens: ArraySlice<CommandToken>, verb: String) throws(CommandError) {
        guard tokens.isEmpty else { throw .unexpectedArguments(verb: verb) }
    }
}

extension CommandToken {
    /// The token as a person typed it, for error messages.
    public var plainText: String {
        switch self {
        case .word(let word): word
        case .mention(let user): "@\(user)"
        case .link(let link): link.url
        }
    }
}
