import Testing
@testable import UnhurriedCore

@Suite struct CommandGrammarTests {
    let grammar = CommandGrammar(tierNames: ["urgent", "standard", "low"])
    let bob = ChatUserID("U0BOB")
    let carol = ChatUserID("U0CAROL")

    private func words(_ text: String) -> [CommandToken] {
        text.split(separator: " ").map { .word(String($0)) }
    }

    @Test func readsTheVerbFromTheCommandName() throws {
        let command = try grammar.read(commandName: "/ask", tokens: [.mention(bob)] + words("review the plan?"))
        #expect(command == .ask(AskRequest(assignees: [bob], request: "review the plan?", links: [], tierName: nil)))
    }

    @Test func readsTheVerbFromTheFirstWordOfACatchAllCommand() throws {
        let command = try grammar.read(commandName: "/async", tokens: words("ask") + [.mention(bob)] + words("review it"))
        #expect(command == .ask(AskRequest(assignees: [bob], request: "review it", links: [], tierName: nil)))
    }

    @Test func collectsAssigneesLinksAndTier() throws {
        let labelled = Link(url: "https://example.com/brief", label: "Q3 brief")
        let tokens: [CommandToken] = [.mention(bob), .mention(carol), .mention(bob), .word("check"), .link(labelled),
                                      .word("and"), .word("https://example.com/data"), .word("!URGENT")]
        let command = try grammar.read(commandName: "/ask", tokens: tokens)
        #expect(command == .ask(AskRequest(
            assignees: [bob, carol], request: "check Q3 brief and https://example.com/data",
            links: [labelled, Link(url: "https://example.com/data")], tierName: "urgent")))
    }

    /// The deadline clause is the last run of words an opener starts, however the opener is capitalised or punctuated.
    @Test(arguments: [
        ("review the plan By Friday", ["By", "Friday"]), ("review the plan DUE tomorrow", ["DUE", "tomorrow"]),
        ("review the plan, in 2 days", ["in", "2", "days"]), ("review it next monday", ["next", "monday"]),
        ("review it by the way by eod", ["by", "eod"]), ("review it in 2024's report", nil), ("review it (by fri", nil),
        ("review it İn 2 days", nil),
    ])
    func findsTheDeadlineClauseByItsOpener(_ text: String, _ clause: [String]?) throws {
        guard case .ask(let ask) = try grammar.read(commandName: "/ask", tokens: [.mention(bob)] + words(text)) else {
            Issue.record("not an ask")
            return
        }
        #expect(ask.deadlineClause == clause)
    }

    /// A word is a link when it names a server a browser could open; the host is the one it would open.
    @Test(arguments: [
        ("https://example.com/plan", "example.com"),
        ("HTTP://Example.COM:8080/a?b#c", "example.com"),
        ("https://good.example@evil.example/", "evil.example"),
        ("https:///evil.example", "evil.example"),
        ("https://[::1]:8443/", "[::1]"),
        ("https://exämple.com", "exämple.com"),
        // Written percent-encoded, the backslash is part of the name before the `@`, not the end of the host.
        ("https://x.example\\@good.example", "good.example"),
    ])
    func aBareAddressIsALinkToItsHost(_ word: String, _ host: String) {
        #expect(Link.bare(word)?.host == host)
    }

    @Test(arguments: ["https://", "http://:80/", "https://x.example><!channel>", "https://x.example:<!here>",
                      "https://a b", "mailto:bob@example.com", "ftp://example.com"])
    func aWordThatNamesNoServerIsNoLink(_ word: String) throws {
        #expect(Link.bare(word) == nil)
        let command = try grammar.read(commandName: "/ask", tokens: [.mention(bob), .word(word)])
        #expect(command == .ask(AskRequest(assignees: [bob], request: word, links: [], tierName: nil)))
    }

    @Test(arguments: [
        ("/inbox", "", Command.inbox(.first)),
        ("/async", "inbox", Command.inbox(.first)),
        ("/inbox", "3", Command.inbox(ListPage(parsing: "3")!)),
        ("/async", "SENT", Command.sent(.first)),
        ("/sent", "", Command.sent(.first)),
        ("/sent", "2", Command.sent(ListPage(parsing: "2")!)),
        ("/async", "show #42", Command.show(ItemID(42))),
        ("/done", "42", Command.done(ItemID(42))),
        ("/async", "done #42", Command.done(ItemID(42))),
        ("/cancel", "7", Command.cancel(ItemID(7))),
        ("/ack", "7", Command.acknowledge(ItemID(7))),
        ("/async", "ack #7", Command.acknowledge(ItemID(7))),
        ("/snooze", "7", Command.snooze(ItemID(7), .workingTime(PolicyDuration(seconds: 3600)))),
        ("/snooze", "7 90m", Command.snooze(ItemID(7), .workingTime(PolicyDuration(seconds: 5400)))),
        ("/snooze", "7 1d", Command.snooze(ItemID(7), .workingTime(PolicyDuration(days: 1)))),
        ("/snooze", "7 Tomorrow", Command.snooze(ItemID(7), .nextWorkingDay)),
        ("/snooze", "7 until fri 10am", Command.snooze(ItemID(7), .until(["fri", "10am"]))),
        ("/snooze", "7 next monday", Command.snooze(ItemID(7), .until(["next", "monday"]))),
        ("/help", "", Command.help),
        ("/async", "help me", Command.help),
    ])
    func readsSimpleVerbs(commandName: String, text: String, expected: Command) throws {
        #expect(try grammar.read(commandName: commandName, tokens: words(text)) == expected)
    }

    @Test(arguments: [
        ("/async", [], CommandError.emptyCommand),
        ("/async", [CommandToken.word("frobnicate")], .unknownVerb("frobnicate")),
        ("/ask", [.word("review"), .word("this")], .askWithoutAssignee),
        ("/ask", [.mention(ChatUserID("U1"))], .askWithoutRequest),
        ("/ask", [.mention(ChatUserID("U1")), .word("!urgent")], .askWithoutRequest),
        ("/ask", [.mention(ChatUserID("U1")), .word("x"), .word("!soon")], .unknownTier("soon", known: ["urgent", "standard", "low"])),
        ("/ask", [.mention(ChatUserID("U1")), .word("x"), .word("!low"), .word("!urgent")], .conflictingTiers(["low", "urgent"])),
        ("/done", [], .missingItemID(verb: "done")),
        ("/done", [.word("abc")], .invalidItemID(verb: "done", text: "abc")),
        ("/done", [.word("0")], .invalidItemID(verb: "done", text: "0")),
        ("/cancel", [.word("1"), .word("2")], .invalidItemID(verb: "cancel", text: "1 2")),
        ("/cancel", [.mention(ChatUserID("U1"))], .invalidItemID(verb: "cancel", text: "@U1")),
        ("/inbox", [.word("now")], .invalidPage(verb: "inbox", text: "now")),
        ("/inbox", [.word("0")], .invalidPage(verb: "inbox", text: "0")),
        ("/sent", [.word("1"), .word("2")], .invalidPage(verb: "sent", text: "1 2")),
        ("/show", [], .missingItemID(verb: "show")),
        ("/policy", [.word("now")], .unexpectedArguments(verb: "policy")),
        ("/ack", [], .missingItemID(verb: "ack")),
        ("/snooze", [], .missingItemID(verb: "snooze")),
        ("/snooze", [.word("soon")], .invalidItemID(verb: "snooze", text: "soon")),
        ("/overlap", [], .overlapWithoutPeople),
        ("/overlap", [.mention(ChatUserID("U1")), .word("tomorrow")], .overlapWithoutPeople),
    ] as [(String, [CommandToken], CommandError)])
    func refusesMalformedCommands(commandName: String, tokens: [CommandToken], expected: CommandError) {
        #expect(throws: expected) { try grammar.read(commandName: commandName, tokens: tokens) }
    }

    @Test(arguments: [
        ("", Command.showHours),
        ("reset", .resetHours),
        ("08:00-16:00 mon-thu America/Chicago", .setHours(HoursChange(
            timeZoneName: "America/Chicago", schedule: .week(WeeklySchedule(parsing: "mon-thu 08:00-16:00")!)))),
        ("Europe/Berlin", .setHours(HoursChange(timeZoneName: "Europe/Berlin"))),
        ("sun-thu", .setHours(HoursChange(schedule: .days([.sunday, .monday, .tuesday, .wednesday, .thursday])))),
        ("fri-mon", .setHours(HoursChange(schedule: .days([.friday, .saturday, .sunday, .monday])))),
        ("mon,wed,Friday", .setHours(HoursChange(schedule: .days([.monday, .wednesday, .friday])))),
        ("08:00-12:00,13:00-17:00", .setHours(HoursChange(schedule: .blocks(ClockRange.blocks(parsing: "08:00-12:00,13:00-17:00")!)))),
        ("mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00 Europe/Berlin", .setHours(HoursChange(
            timeZoneName: "Europe/Berlin", schedule: .week(WeeklySchedule(parsing: "mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00")!)))),
        ("mon-fri 08:00-17:00 fri 08:00-12:00", .setHours(HoursChange(
            schedule: .week(WeeklySchedule(parsing: "mon-thu 08:00-17:00 fri 08:00-12:00")!)))),
        ("focus 09:00-11:00 mon-fri", .setHours(HoursChange(focus: .set(WeeklySchedule(parsing: "mon-fri 09:00-11:00")!)))),
        ("focus 13:00-14:00", .setHours(HoursChange(focus: .set(WeeklySchedule(parsing: "mon-sun 13:00-14:00")!)))),
        ("Asia/Kolkata focus off", .setHours(HoursChange(timeZoneName: "Asia/Kolkata", focus: .off))),
        ("focus reset", .setHours(HoursChange(focus: .team))),
        ("nudges daily", .setNudges(.daily)),
        ("Nudges EACH", .setNudges(.each)),
    ])
    func readsHours(text: String, expected: Command) throws {
        #expect(try grammar.read(commandName: "/hours", tokens: words(text)) == expected)
    }

    @Test(arguments: ["17:00-09:00", "Mars/Base", "mon-funday", "9-5", "soon", "08:00-12:00,11:00-13:00"])
    func refusesUnreadableHours(text: String) {
        #expect(throws: CommandError.unreadableHours(text)) { try grammar.read(commandName: "/hours", tokens: words(text)) }
    }

    @Test(arguments: [
        ("mon-thu 08:00-12:00 fri", "fri"), ("mon-thu fri 08:00-12:00", "mon-thu"), ("08:00-12:00 09:00-10:00", "08:00-12:00"),
        ("focus mon-fri", "mon-fri"), ("focus", "focus"),
    ])
    func refusesDaysWithoutTheirHours(text: String, word: String) {
        #expect(throws: CommandError.unpairedHours(word)) { try grammar.read(commandName: "/hours", tokens: words(text)) }
    }

    @Test func readsOverlapPeopleOnceEach() throws {
        let (ana, raj) = (ChatUserID("U1"), ChatUserID("U2"))
        #expect(try grammar.read(commandName: "/overlap", tokens: [.mention(ana), .mention(raj), .mention(ana)]) == .overlap([ana, raj]))
    }

    @Test func refusesNudgesOtherThanDailyOrEach() {
        #expect(throws: CommandError.unreadableNudges("weekly")) { try grammar.read(commandName: "/hours", tokens: words("nudges weekly")) }
        #expect(throws: CommandError.unreadableNudges("daily now")) { try grammar.read(commandName: "/hours", tokens: words("nudges daily now")) }
        #expect(throws: CommandError.unreadableNudges(nil)) { try grammar.read(commandName: "/hours", tokens: words("nudges")) }
    }

    @Test func readsASearchForAsks() throws {
        #expect(try grammar.read(commandName: "/async", tokens: words("search launch pricing")) == .searchItems(["launch", "pricing"]))
        #expect(throws: CommandError.searchWithoutWords) { try grammar.read(commandName: "/search", tokens: []) }
    }

    @Test func readsTimeAway() throws {
        #expect(try grammar.read(commandName: "/away", tokens: []) == .showAway)
        #expect(try grammar.read(commandName: "/async", tokens: words("away clear")) == .clearAway)
        #expect(try grammar.read(commandName: "/away", tokens: words("2026-12-20..2027-01-04")) == .addAway(TypedDayRange(["2026-12-20..2027-01-04"])!))
        // The days are read later, from the speaker's today.
        #expect(try grammar.read(commandName: "/async", tokens: words("away dec 20 to jan 4")) == .addAway(TypedDayRange(["dec", "20", "to", "jan", "4"])!))
        for bad in ["..2026-12-20", "dec 20..", "mon to wed to fri"] {
            #expect(throws: CommandError.unreadableAway(bad)) { try grammar.read(commandName: "/away", tokens: words(bad)) }
        }
    }

    @Test func everyErrorExplainsItselfWithUsage() {
        let errors: [CommandError] = [
            .emptyCommand, .unknownVerb("x"), .askWithoutAssignee, .askWithoutRequest, .unknownTier("x", known: ["low"]),
            .conflictingTiers(["a", "b"]), .missingItemID(verb: "done"), .invalidItemID(verb: "done", text: "x"),
            .unexpectedArguments(verb: "inbox"), .unreadableHours("x"), .unpairedHours("fri"), .overlapWithoutPeople, .searchWithoutWords, .unreadableAway("x"), .prereadWithoutTitle, .prereadWithoutTime,
            .prereadWithoutReaders, .unreadablePostLead("x"), .invalidPage(verb: "inbox", text: "x"),
        ]
        for error in errors {
            let message = MessageComposer.error(error)
            #expect(!message.fallbackText.isEmpty)
            #expect(message.blocks.count == 2)
        }
    }
}

@Suite struct ContextCheckTests {
    @Test func flagsAVagueAsk() {
        let ask = AskRequest(assignees: [ChatUserID("U1")], request: "can you review this?", links: [], tierName: nil)
        #expect(ContextAdvice.review(ask) == [.noLink, .tooShort])
    }

    @Test func acceptsAnAskWithContext() {
        let link = Link(url: "https://example.com/brief")
        let ask = AskRequest(
            assignees: [ChatUserID("U1")],
            request: "Review the Target audience section of the Q3 brief https://example.com/brief — do our channels fit the new data?",
            links: [link], tierName: nil)
        #expect(ContextAdvice.review(ask).isEmpty)
    }

    @Test(arguments: [
        ("", 0), ("   ", 0), ("one", 1), (" one  two\tthree\nfour ", 4), ("see https://example.com/a and http://x.org", 2),
        // Whitespace outside ASCII separates words too: a no-break space, an ideographic space, a line separator.
        ("un\u{a0}deux\u{3000}trois\u{2028}quatre", 4), ("é e\u{301} 中文", 3),
        ("a b c d e f g h i j k l m n o p", 6), ("a b c d e f", 6),
    ])
    func countsWordsLinksAsideUpToTheMinimum(text: String, words: Int) {
        #expect(ContextAdvice.wordCount(of: text, upTo: ContextAdvice.minimumWords) == words)
    }

    @Test func asksForTheQuestionWhenThereIsNone() {
        let ask = AskRequest(
            assignees: [ChatUserID("U1")], request: "please approve the budget for the offsite in March https://example.com/b",
            links: [Link(url: "https://example.com/b")], tierName: nil)
        #expect(ContextAdvice.review(ask) == [.noQuestion])
    }

    @Test(arguments: Verb.allCases)
    func everyVerbIsReadAndHelpShowsEachOfItsForms(_ verb: Verb) {
        let grammar = CommandGrammar(tierNames: ["standard"])
        for commandName in ["/\(verb.rawValue)", "/async"] {
            let tokens: [CommandToken] = commandName == "/async" ? [.word(verb.rawValue)] : []
            do {
                _ = try grammar.read(commandName: commandName, tokens: tokens)
            } catch {
                // Missing arguments are fine here; not knowing the verb is not.
                #expect(error != .unknownVerb(verb.rawValue) && error != .emptyCommand, "\(commandName) \(verb)")
            }
        }
        let help = MessageComposer.help.blocks.map { block in
            if case .section(let text) = block { text.plainText } else { "" }
        }.joined(separator: "\n")
        for form in verb.forms {
            #expect(help.contains(form.arguments.isEmpty ? verb.rawValue : "\(verb.rawValue) \(form.arguments)"), "\(verb) \(form.arguments)")
            #expect(help.contains(form.summary))
        }
    }

    @Test func refusesMorePeopleThanThePolicyAllowsAndTextTooLongToPost() {
        let few = CommandGrammar(tierNames: ["standard"], maxAssignees: 3)
        let people = (1...4).map { CommandToken.mention(ChatUserID("U\($0)")) }
        #expect(throws: CommandError.tooManyPeople(count: 4, limit: 3)) {
            try few.read(commandName: "/ask", tokens: people + [.word("review"), .word("this?")])
        }
        #expect(throws: CommandError.tooManyPeople(count: 4, limit: 3)) {
            try few.read(commandName: "/preread", tokens: [.word("Planning"), .word("at"), .word("friday"), .word("10:00")] + people)
        }
        // The same person named twice counts once; "@U1 " and 700 times "lorem " are 4,203 characters.
        #expect((try? few.read(commandName: "/ask", tokens: people.prefix(3) + people.prefix(3) + [.word("ok?")])) != nil)
        let words = Array(repeating: CommandToken.word("lorem"), count: 700)
        for verb in ["/ask", "/decision", "/update", "/preread"] {
            #expect(throws: CommandError.tooLong(characters: 4_203, limit: CommandGrammar.longestText)) {
                try few.read(commandName: verb, tokens: [.mention(ChatUserID("U1"))] + words)
            }
        }
    }
}
