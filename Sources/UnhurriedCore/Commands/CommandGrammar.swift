import Foundation

/// Reads a command's tokens into a `Command`.
///
/// The verb is the command's own name (`/ask …`) or, for a catch-all command such as `/async`, its first word
/// (`/async ask …`), so a team can register one command or one per verb.
public struct CommandGrammar: Sendable {
    /// What `/stats` covers when it names no period, and the longest it may name.
    public static let defaultStatsDays = 7
    static let longestStatsDays = 366

    /// What `/snooze 42` means when it names no length.
    public static let defaultSnooze = PolicyDuration(seconds: 3600)

    /// A command's text, mentions and links included, is at most this many characters: an ask, a decision, a
    /// pre-read or an update longer than that belongs in a linked document.
    public static let longestText = 4_000

    /// The tier names a `!tier` flag may name.
    public var tierNames: [String]
    /// The most people an ask or a pre-read may name.
    public var maxAssignees: Int

    public init(tierNames: [String], maxAssignees: Int = ResponsePolicy.defaultMaxAssignees) {
        self.tierNames = tierNames
        self.maxAssignees = maxAssignees
    }

    public func read(commandName: String, tokens: [CommandToken]) throws(CommandError) -> Command {
        let length = tokens.reduce(0) { $0 + $1.plainText.count + 1 }
        guard length <= Self.longestText + 1 else { throw .tooLong(characters: length - 1, limit: Self.longestText) }
        let command = commandName.hasPrefix("/") ? String(commandName.dropFirst()) : commandName
        var arguments = tokens[...]
        let verb: Verb
        if let named = Verb(rawValue: command.lowercased()) {
            verb = named
        } else {
            guard case .word(let first)? = arguments.first else { throw .emptyCommand }
            guard let named = Verb(rawValue: first.lowercased()) else { throw .unknownVerb(first.lowercased()) }
            verb = named
            arguments = arguments.dropFirst()
        }
        let name = verb.rawValue
        switch verb {
        case .ask: return .ask(try readAsk(arguments))
        case .inbox: return .inbox(try readPage(arguments, verb: name))
        case .sent: return .sent(try readPage(arguments, verb: name))
        case .show: return .show(try readItemID(arguments, verb: name))
        case .help: return .help
        case .policy: try expectNothing(arguments, verb: name); return .policy
        case .done: return .done(try readItemID(arguments, verb: name))
        case .cancel: return .cancel(try readItemID(arguments, verb: name))
        case .ack: return .acknowledge(try readItemID(arguments, verb: name))
        case .clarify:
            return .requestInfo(try readItemID(arguments.prefix(1), verb: name), question: Array(arguments.dropFirst()))
        case .snooze: return try readSnooze(arguments, verb: name)
        case .hours: return try readHours(arguments.map(\.plainText))
        case .away: return try readAway(arguments.map(\.plainText))
        case .stats: return try readStats(arguments.map(\.plainText))
        case .decision: return try readDecision(arguments)
        case .decisions: return .searchDecisions(arguments.map(\.plainText))
        case .search:
            guard !arguments.isEmpty else { throw .searchWithoutWords }
            return .searchItems(arguments.map(\.plainText))
        case .preread: return try readPreread(arguments)
        case .overlap: return try readOverlap(arguments)
        case .update:
            let text = Self.textAndLinks(arguments).text
            guard !text.isEmpty else { throw .updateWithoutText }
            return .update(text)
        }
    }

    private func readAsk(_ tokens: ArraySlice<CommandToken>) throws(CommandError) -> AskRequest {
        var assignees: [ChatUserID] = []
        var named: Set<ChatUserID> = []
        var links: [Link] = []
        var words: [String] = []
        var tiers: [String] = []
        for token in tokens {
            switch token {
            case .mention(let user):
                if named.insert(user).inserted { assignees.append(user) }
            case .link(let link):
                links.append(link)
                words.append(link.label ?? link.url)
            case .word(let word):
                if word.hasPrefix("!"), word.count > 1 {
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
        guard assignees.count <= maxAssignees else { throw .tooManyPeople(count: assignees.count, limit: maxAssignees) }
        var deadlineClause: [String]?
        var misreadDeadline: String?
        if let start = words.indices.last(where: { TimeExpressionReader.startsClause(words[$0...]) }) {
            deadlineClause = Array(words[start...])
            words.removeSubrange(start...)
        } else if TimeExpressionReader.looksLikeMisreadDeadline(words.suffix(2)) {
            misreadDeadline = words.suffix(2).joined(separator: " ")
        }
        guard !words.isEmpty else { throw .askWithoutRequest }
        var seenTiers: Set<String> = []
        let distinctTiers = tiers.filter { seenTiers.insert($0).inserted }
        guard distinctTiers.count <= 1 else { throw .conflictingTiers(distinctTiers) }
        if let tier = distinctTiers.first, !tierNames.contains(tier) {
            throw .unknownTier(tier, known: tierNames)
        }
        return AskRequest(
            assignees: assignees, request: words.joined(separator: " "), links: links, tierName: distinctTiers.first,
            deadlineClause: deadlineClause, misreadDeadline: misreadDeadline)
    }

    private func readItemID(_ tokens: ArraySlice<CommandToken>, verb: String) throws(CommandError) -> ItemID {
        guard let first = tokens.first else { throw .missingItemID(verb: verb) }
        guard tokens.count == 1, case .word(let text) = first, let id = ItemID(parsing: text) else {
            throw .invalidItemID(verb: verb, text: tokens.map(\.plainText).joined(separator: " "))
        }
        return id
    }

    /// `inbox` is its first page, `inbox 2` the second.
    private func readPage(_ tokens: ArraySlice<CommandToken>, verb: String) throws(CommandError) -> ListPage {
        guard let first = tokens.first else { return .first }
        guard tokens.count == 1, case .word(let text) = first, let page = ListPage(parsing: text) else {
            throw .invalidPage(verb: verb, text: tokens.map(\.plainText).joined(separator: " "))
        }
        return page
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

    /// Days (`mon-thu`, `mon,wed,fri`) and their blocks (`08:00-12:00,13:00-17:00`), an IANA zone, and after
    /// `focus` the focus time; `reset` forgets them all; `nudges daily` or `nudges each` sets how reminders come.
    private func readHours(_ words: [String]) throws(CommandError) -> Command {
        if words.isEmpty { return .showHours }
        if words.map({ $0.lowercased() }) == ["reset"] { return .resetHours }
        if words[0].lowercased() == "nudges" { return try Self.readNudges(words.dropFirst()) }
        var change = HoursChange()
        var scheduleWords: [String] = []
        let focusStart = words.firstIndex { $0.lowercased() == "focus" }
        for word in words[..<(focusStart ?? words.endIndex)] {
            if TimeZone(configuredName: word) != nil {
                change.timeZoneName = word
            } else {
                scheduleWords.append(word)
            }
        }
        change.schedule = try Self.schedule(scheduleWords)
        if let focusStart { change.focus = try Self.focus(Array(words[(focusStart + 1)...])) }
        return .setHours(change)
    }

    private static func schedule(_ words: [String]) throws(CommandError) -> ScheduleWords? {
        do {
            return try ScheduleWords.read(words)
        } catch {
            switch error {
            case .unreadable(let word): throw .unreadableHours(word)
            case .unpaired(let word): throw .unpairedHours(word)
            }
        }
    }

    /// `focus 09:00-11:00 mon-fri`, `focus 09:00-11:00` (every day), `focus off`, `focus reset`.
    private static func focus(_ words: [String]) throws(CommandError) -> FocusChange {
        switch words.map({ $0.lowercased() }) {
        case ["off"]: return .off
        case ["reset"]: return .team
        default: break
        }
        guard let focus = try schedule(words)?.asFocus else { throw .unpairedHours(words.first ?? "focus") }
        return .set(focus)
    }

    /// `overlap @ana @raj`: people only, each once, as many as an ask may name.
    private func readOverlap(_ tokens: ArraySlice<CommandToken>) throws(CommandError) -> Command {
        var people: [ChatUserID] = []
        for token in tokens {
            guard case .mention(let user) = token else { throw .overlapWithoutPeople }
            if !people.contains(user) { people.append(user) }
        }
        guard !people.isEmpty else { throw .overlapWithoutPeople }
        guard people.count <= maxAssignees else { throw .tooManyPeople(count: people.count, limit: maxAssignees) }
        return .overlap(people)
    }

    /// `daily` or `each`, after `hours nudges`.
    private static func readNudges(_ words: ArraySlice<String>) throws(CommandError) -> Command {
        guard words.count == 1, let mode = NudgeMode(rawValue: words[words.startIndex].lowercased()) else {
            throw .unreadableNudges(words.isEmpty ? nil : words.joined(separator: " "))
        }
        return .setNudges(mode)
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
        let (text, links) = Self.textAndLinks(tokens)
        guard !text.isEmpty else { throw .decisionWithoutText }
        return DecisionRequest(text: text, links: links)
    }

    /// The words as text — a link reads as its label, as in an ask — and the links, whose addresses are kept.
    static func textAndLinks(_ tokens: some Collection<CommandToken>) -> (text: String, links: [Link]) {
        let links = tokens.compactMap { token -> Link? in
            switch token {
            case .link(let link): link
            case .word(let word): Link.bare(word)
            case .mention: nil
            }
        }
        let text = tokens.map { token in
            if case .link(let link) = token { return link.label ?? link.url }
            return token.plainText
        }.joined(separator: " ")
        return (text, links)
    }

    /// `preread <title> at <when> [post <duration> before] [for @a @b] <agenda and links>`, `preread list`, and
    /// `preread cancel|read|question <id>`. Everyone mentioned is a reader; `for` before mentions is only a word.
    private func readPreread(_ tokens: ArraySlice<CommandToken>) throws(CommandError) -> Command {
        if case .word(let first)? = tokens.first {
            let rest = tokens.dropFirst()
            switch first.lowercased() {
            case "list" where rest.isEmpty: return .listPrereads
            case "cancel" where rest.count <= 1: return .cancelPreread(try readItemID(rest, verb: "preread cancel"))
            case "read" where rest.count <= 1: return .readPreread(try readItemID(rest, verb: "preread read"))
            case "question" where rest.count <= 1: return .questionPreread(try readItemID(rest, verb: "preread question"))
            default: break
            }
        }
        let tokens = Array(tokens)
        let words = tokens.map(\.word)
        // The meeting time starts at the first `at` followed by what reads as a time; "at the office" stays in the title.
        guard let at = words.indices.first(where: { index in
            words[index] == "at" && TimeExpressionReader.startsClause((["by"] + words[(index + 1)...].prefix(2).map { $0 ?? "" })[...])
        }) else { throw .prereadWithoutTime }
        var readers: [ChatUserID] = []
        var named: Set<ChatUserID> = []
        func addReader(_ user: ChatUserID) { if named.insert(user).inserted { readers.append(user) } }
        var titleTokens: [CommandToken] = []
        for (index, token) in tokens.prefix(at).enumerated() {
            if case .mention(let user) = token { addReader(user); continue }
            // "Planning for @ana at …": the `for` goes with the mentions.
            if token.word == "for", index + 1 < at, case .mention = tokens[index + 1] { continue }
            titleTokens.append(token)
        }
        var schedule: [CommandToken] = []
        var postBefore: PolicyDuration?
        let after = Array(tokens.dropFirst(at + 1))
        var index = 0
        while index < after.count {
            let word = after[index].word
            // `post 2d before`; "post today before launch" in an agenda is only words, `post 2 days before` a typo.
            if word == "post", index + 2 < after.count, after[index + 2].word == "before", let lead = after[index + 1].word,
               lead.first?.isNumber == true {
                guard let duration = PolicyDuration(parsing: lead), !duration.isZero else { throw .unreadablePostLead(lead) }
                postBefore = duration
                index += 3
                continue
            }
            if word == "post", index + 3 < after.count, after[index + 1].word?.first?.isNumber == true, after[index + 3].word == "before" {
                throw .unreadablePostLead("\(after[index + 1].plainText) \(after[index + 2].plainText)")
            }
            if word == "for", index + 1 < after.count, case .mention = after[index + 1] {
                index += 1
                continue
            }
            if case .mention(let user) = after[index] { addReader(user) } else { schedule.append(after[index]) }
            index += 1
        }
        let (title, titleLinks) = Self.textAndLinks(titleTokens)
        guard !title.isEmpty else { throw .prereadWithoutTitle }
        guard !readers.isEmpty else { throw .prereadWithoutReaders }
        guard readers.count <= maxAssignees else { throw .tooManyPeople(count: readers.count, limit: maxAssignees) }
        return .preread(PrereadRequest(title: title, titleLinks: titleLinks, readers: readers, postBefore: postBefore, schedule: schedule))
    }

    /// `7d`, `30d` (any number of days up to a year); nothing means a week.
    private func readStats(_ words: [String]) throws(CommandError) -> Command {
        guard let word = words.first else { return .stats(days: Self.defaultStatsDays) }
        guard words.count == 1, word.lowercased().hasSuffix("d"), let days = Int(word.dropLast()), (1...Self.longestStatsDays).contains(days)
        else { throw .unreadableStatsPeriod(words.joined(separator: " ")) }
        return .stats(days: days)
    }

    /// The days are read once the speaker's today is known, in their zone.
    private func readAway(_ words: [String]) throws(CommandError) -> Command {
        guard let first = words.first else { return .showAway }
        if words.count == 1, first.lowercased() == "clear" { return .clearAway }
        guard let days = TypedDayRange(words) else { throw .unreadableAway(words.joined(separator: " ")) }
        return .addAway(days)
    }

    private func expectNothing(_ tokens: ArraySlice<CommandToken>, verb: String) throws(CommandError) {
        guard tokens.isEmpty else { throw .unexpectedArguments(verb: verb) }
    }
}

extension CommandToken {
    /// A word in lower case; nil for mentions and links.
    var word: String? {
        if case .word(let word) = self { word.lowercased() } else { nil }
    }

    /// Tokens as text to keep: mentions as `@id`, links as `label: address`, so that a link keeps where it leads.
    public static func readableText(of tokens: [CommandToken]) -> String {
        tokens.map { token in
            if case .link(let link) = token { return link.readableText }
            return token.plainText
        }.joined(separator: " ")
    }

    /// The token as a person typed it, for error messages.
    public var plainText: String {
        switch self {
        case .word(let word): word
        case .mention(let user): "@\(user)"
        case .link(let link): link.url
        }
    }
}
