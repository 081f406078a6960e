import Foundation
import Testing
import UnhurriedCore

@Suite struct TimeExpressionTests {
    private static func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    // Wednesday 25 November 2026, 10:00 in Berlin; the speaker works Mon–Fri 09:00–17:00 there.
    let reader = TimeExpressionReader(
        now: instant("2026-11-25T09:00:00Z"),
        speakerHours: WorkingHours(
            days: Weekday.mondayToFriday, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
            timeZone: TimeZone(identifier: "Europe/Berlin")!))

    @Test(arguments: [
        ("by friday", "2026-11-27T16:00:00Z"),
        ("by Friday.", "2026-11-27T16:00:00Z"),
        ("by fri 3pm", "2026-11-27T14:00:00Z"),
        ("by fri 3 pm", "2026-11-27T14:00:00Z"),
        ("by friday 15:00", "2026-11-27T14:00:00Z"),
        ("by friday at 3:30pm", "2026-11-27T14:30:00Z"),
        ("by tomorrow", "2026-11-26T16:00:00Z"),
        ("by tomorrow 9am", "2026-11-26T08:00:00Z"),
        ("by eod", "2026-11-25T16:00:00Z"),
        ("by end of day", "2026-11-25T16:00:00Z"),
        ("by close of business", "2026-11-25T16:00:00Z"),
        ("by eow", "2026-11-27T16:00:00Z"),
        ("by end of the week", "2026-11-27T16:00:00Z"),
        ("in 2 days", "2026-11-27T09:00:00Z"),
        ("in two days", "2026-11-27T09:00:00Z"),
        ("in 3 working days", "2026-11-30T09:00:00Z"),
        ("in 4 hours", "2026-11-25T13:00:00Z"),
        ("in 2 working hours", "2026-11-25T11:00:00Z"),
        ("in 1 week", "2026-12-02T09:00:00Z"),
        ("by dec 3", "2026-12-03T16:00:00Z"),
        ("by 3 december 15:00", "2026-12-03T14:00:00Z"),
        ("by 3rd dec", "2026-12-03T16:00:00Z"),
        ("by 2026-12-03", "2026-12-03T16:00:00Z"),
        ("by 2026-12-03 15:00", "2026-12-03T14:00:00Z"),
        ("next monday 10:00", "2026-11-30T09:00:00Z"),
        ("by next monday", "2026-11-30T16:00:00Z"),
        ("by noon", "2026-11-25T11:00:00Z"),
        ("by 3:30pm", "2026-11-25T14:30:00Z"),
        ("by 9am", "2026-11-26T08:00:00Z"),               // already past today: tomorrow
        ("by wednesday", "2026-11-25T16:00:00Z"),         // today, still ahead
        ("by wednesday 9am", "2026-12-02T08:00:00Z"),     // today's has passed: next week's
        ("next wednesday", "2026-12-02T16:00:00Z"),
        ("by jan 5", "2027-01-05T16:00:00Z"),             // this year's has passed
        ("by 5 jan 2027 10:00", "2027-01-05T09:00:00Z"),
        ("by 2027-03-29 09:00", "2027-03-29T07:00:00Z"),  // after the spring DST change: UTC+2
        ("due fri", "2026-11-27T16:00:00Z"),
    ])
    func readsDeadlines(text: String, expected: String) throws {
        #expect(try reader.read(text.split(separator: " ").map(String.init)) == Self.instant(expected))
    }

    @Test(arguments: [
        ("by fri 3zz", TimeExpressionError.unreadable(understood: "by fri", example: "by friday 3pm, by tomorrow, by eod, by dec 3 15:00, by 2026-12-03, in 3 working days, next monday 10:00")),
        ("by 3/4", .ambiguous("3/4", example: "write 2026-12-03 or dec 3")),
        ("by 2026-11-20", .inThePast(instant("2026-11-20T16:00:00Z"))),
        ("by today 9am", .inThePast(instant("2026-11-25T08:00:00Z"))),
        ("in 0 days", .unreadable(understood: "in", example: "in 2 days, in 3 working days, in 4 hours")),
        ("in 2 fortnights", .unreadable(understood: "in 2", example: "in 2 days or in 2 working days")),
        ("in 2 days please", .unreadable(understood: "in 2", example: "in 2 days or in 2 working days")),
        ("next funday", .unreadable(understood: "next", example: "next monday 10:00")),
        ("in 999999999999999 days", .unreadable(understood: "in", example: "in 2 days, in 3 working days, in 4 hours")),
        ("in 9999 weeks", .tooFarAhead(instant("2026-11-25T09:00:00Z").addingTimeInterval(9999 * 7 * 86_400))),
        ("by 2099-01-01", .tooFarAhead(instant("2098-12-31T23:00:00Z").addingTimeInterval(17 * 3600))),
        ("by feb 30 3pm", .noSuchDate("feb 30")),
        ("by 31 feb 2027 10:00", .noSuchDate("31 feb 2027")),
        ("by feb 29", .noSuchDate("feb 29")),
    ])
    func refusesWhatItCannotRead(text: String, expected: TimeExpressionError) {
        #expect(throws: expected) { try reader.read(text.split(separator: " ").map(String.init)) }
    }

    @Test(arguments: ["by 13pm", "by feb 30", "by eod tomorrow", "by friday 25:00"])
    func refusesImpossibleTimes(text: String) {
        #expect(throws: TimeExpressionError.self) { try reader.read(text.split(separator: " ").map(String.init)) }
    }

    @Test(arguments: [
        ("review the plan by friday", ["by", "friday"]),
        ("review the plan by the way", nil),
        ("check the numbers in 2024 report", nil),
        ("check the numbers in 2 working days", ["in", "2", "working", "days"]),
        ("sign off by 5 people", nil),
        ("sign off by 5pm", ["by", "5pm"]),
        ("go over it next monday 10:00", ["next", "monday", "10:00"]),
        ("pick by dec 3 or by dec 10", ["by", "dec", "10"]),
        ("read it by end of day", ["by", "end", "of", "day"]),
    ] as [(String, [String]?)])
    func findsTheDeadlineClauseAtTheEndOfAnAsk(text: String, clause: [String]?) throws {
        let tokens = [CommandToken.mention(ChatUserID("U1"))] + text.split(separator: " ").map { .word(String($0)) }
        guard case .ask(let ask) = try CommandGrammar(tierNames: ["standard"]).read(commandName: "/ask", tokens: tokens) else {
            Issue.record("not an ask")
            return
        }
        #expect(ask.deadlineClause == clause)
        if let clause { #expect(!ask.request.hasSuffix(clause.joined(separator: " "))) }
    }
}
