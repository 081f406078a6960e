import Foundation
import Testing
import UnhurriedCore

/// `/preread` as people type it: the title before `at`, the meeting time, the optional lead and readers, the agenda.
@Suite struct PrereadGrammarTests {
    let grammar = CommandGrammar(tierNames: ["standard"])
    let bob = ChatUserID("U0BOB")
    let carol = ChatUserID("U0CAROL")

    private func words(_ text: String) -> [CommandToken] {
        text.split(separator: " ").map { .word(String($0)) }
    }

    private func preread(_ tokens: [CommandToken]) throws -> PrereadRequest {
        guard case .preread(let request) = try grammar.read(commandName: "/preread", tokens: tokens) else {
            Issue.record("not read as a pre-read")
            throw CommandError.emptyCommand
        }
        return request
    }

    @Test func readsTitleReadersLeadAndTheWordsAfterAt() throws {
        let link = Link(url: "https://example.com/q3", label: "Q3 brief")
        let request = try preread(words("Q3 planning at thursday 15:00 post 2d before for") + [.mention(bob), .mention(carol)]
            + words("Agenda: budget") + [.link(link)])
        #expect(request.title == "Q3 planning")
        #expect(request.readers == [bob, carol])
        #expect(request.postBefore == PolicyDuration(days: 2))
        #expect(request.timeCandidates.first == ["thursday", "15:00", "Agenda:", "budget"])
        let (agenda, links) = request.splitting(timeWords: 2)
        #expect(agenda == "Agenda: budget Q3 brief")
        #expect(links == [link])
    }

    @Test func aLinkInTheTitleIsOneToRead() throws {
        let request = try preread(words("Review https://example.com/brief at fri 10am") + [.mention(bob)] + words("the numbers https://example.com/data"))
        #expect(request.title == "Review https://example.com/brief")
        #expect(request.splitting(timeWords: 2).links == [Link(url: "https://example.com/brief"), Link(url: "https://example.com/data")])
    }

    @Test func forBeforeTheReadersGoesWithThemAndAnAgendasPostIsOnlyAWord() throws {
        let request = try preread(words("Planning for") + [.mention(bob)] + words("at fri 10am what to post today before launch"))
        #expect(request.title == "Planning")
        #expect(request.postBefore == nil)
        #expect(request.splitting(timeWords: 2).agenda == "what to post today before launch")
    }

    @Test func anAtThatIsNotATimeStaysInTheTitle() throws {
        let request = try preread(words("offsite at the lake at fri 10am") + [.mention(bob)])
        #expect(request.title == "offsite at the lake")
        #expect(request.timeCandidates == [["fri", "10am"], ["fri"]])
    }

    @Test func theCatchAllCommandReadsSubcommands() throws {
        #expect(try grammar.read(commandName: "/async", tokens: words("preread list")) == .listPrereads)
        #expect(try grammar.read(commandName: "/preread", tokens: words("cancel 4")) == .cancelPreread(ItemID(4)))
        #expect(try grammar.read(commandName: "/preread", tokens: words("read #4")) == .readPreread(ItemID(4)))
        #expect(try grammar.read(commandName: "/preread", tokens: words("question 4")) == .questionPreread(ItemID(4)))
        #expect(throws: CommandError.missingItemID(verb: "preread cancel")) { try grammar.read(commandName: "/preread", tokens: words("cancel")) }
    }

    @Test func refusesWhatCannotBeScheduled() {
        #expect(throws: CommandError.prereadWithoutTime) { try grammar.read(commandName: "/preread", tokens: words("Q3 planning") + [.mention(bob)]) }
        #expect(throws: CommandError.prereadWithoutTitle) { try grammar.read(commandName: "/preread", tokens: words("at friday 10:00") + [.mention(bob)]) }
        #expect(throws: CommandError.prereadWithoutReaders) { try grammar.read(commandName: "/preread", tokens: words("Q3 at friday 10:00 agenda")) }
        #expect(throws: CommandError.unreadablePostLead("2x")) {
            try grammar.read(commandName: "/preread", tokens: words("Q3 at friday 10:00 post 2x before") + [.mention(bob)])
        }
        #expect(throws: CommandError.unreadablePostLead("2 days")) {
            try grammar.read(commandName: "/preread", tokens: words("Q3 at friday 10:00 post 2 days before") + [.mention(bob)])
        }
    }
}

/// When pre-reads go out and remind, in working time and each reader's own zone.
@Suite struct PrereadPlannerTests {
    static let utc = TimeZone(identifier: "UTC")!

    private func instant(_ text: String) -> Date {
        try! Date.ISO8601FormatStyle().parse(text)
    }

    private func hours(_ zone: String, holidays: Set<LocalDate> = []) -> WorkingHours {
        WorkingHours(days: Weekday.mondayToFriday, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
                     timeZone: TimeZone(identifier: zone)!, holidays: holidays)
    }

    @Test func aDayBeforeAMondayMeetingIsFriday() {
        let monday = instant("2026-11-30T10:00:00Z")
        let postAt = PrereadPlanner.postAt(meetingAt: monday, lead: PolicyDuration(days: 1), authorHours: hours("UTC"), now: instant("2026-11-23T08:00:00Z"))
        #expect(postAt == instant("2026-11-27T10:00:00Z"))
    }

    @Test func aLeadThatHasPassedPostsAtOnce() {
        let now = instant("2026-11-30T09:30:00Z")
        #expect(PrereadPlanner.postAt(meetingAt: instant("2026-11-30T10:00:00Z"), lead: PolicyDuration(days: 1), authorHours: hours("UTC"), now: now) == now)
    }

    @Test func theReminderFallsInsideAHalfHourZonesHours() throws {
        // 16:00 UTC is 21:30 in Kolkata, after hours: four working hours before it is 13:00 there, 07:30 UTC.
        let meeting = Meeting(title: "Q3", startsAt: instant("2026-12-02T16:00:00Z"), postAt: instant("2026-12-01T16:00:00Z"))
        let reminder = try #require(PrereadPlanner.reminder(for: meeting, lead: PolicyDuration(seconds: 4 * 3600), readerHours: hours("Asia/Kolkata")))
        #expect(reminder == instant("2026-12-02T07:30:00Z"))
    }

    @Test func theReminderSkipsAHolidayAndKeepsWallClockHoursAcrossDST() throws {
        // Monday 2026-11-02 09:30 in New York (EST, after Sunday's change); the Friday before is a holiday, so the
        // reminder one working day earlier falls on Thursday 09:30 EDT — 13:30 UTC, an hour apart from the meeting's 14:30.
        let ny = hours("America/New_York", holidays: [LocalDate(year: 2026, month: 10, day: 30)!])
        let meeting = Meeting(title: "Q3", startsAt: instant("2026-11-02T14:30:00Z"), postAt: instant("2026-10-26T14:30:00Z"))
        let reminder = try #require(PrereadPlanner.reminder(for: meeting, lead: PolicyDuration(days: 1), readerHours: ny))
        #expect(reminder == instant("2026-10-29T13:30:00Z"))
    }

    @Test func noReminderBeforeThePreReadIsPosted() {
        let meeting = Meeting(title: "Q3", startsAt: instant("2026-12-02T15:00:00Z"), postAt: instant("2026-12-02T13:00:00Z"))
        #expect(PrereadPlanner.reminder(for: meeting, lead: PolicyDuration(seconds: 4 * 3600), readerHours: hours("UTC")) == nil)
    }
}
