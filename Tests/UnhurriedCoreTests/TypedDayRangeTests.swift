import Foundation
import Testing
import UnhurriedCore

/// `/away` in everyday words: read in the speaker's zone, a weekday or a month-day to the occurrence meant.
@Suite struct TypedDayRangeTests {
    /// `now` in Auckland (UTC+13 in December), where the date is a day ahead of UTC's for half of it.
    private func days(_ text: String, now: String, zone: String = "Pacific/Auckland") throws -> String {
        let reader = TimeExpressionReader(
            now: try! Date(now, strategy: .iso8601),
            speakerHours: WorkingHours(
                days: Weekday.mondayToFriday, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
                timeZone: TimeZone(identifier: zone)!))
        let typed = try #require(TypedDayRange(text.split(separator: " ").map(String.init)))
        let read = try reader.readDays(typed)
        return "\(read.first)..\(read.last)"
    }

    // Wednesday 2026-11-25 in Auckland (Tuesday 13:00 in UTC).
    private let wednesday = "2026-11-24T13:00:00Z"

    @Test(arguments: [
        ("dec 20..jan 4", "2026-12-20..2027-01-04"),
        ("20 december to 4 january", "2026-12-20..2027-01-04"),
        ("Dec 20 - Jan 4", "2026-12-20..2027-01-04"),
        ("friday", "2026-11-27..2026-11-27"),
        ("wednesday", "2026-11-25..2026-11-25"),            // today, in Auckland
        ("today", "2026-11-25..2026-11-25"),
        ("tomorrow..friday", "2026-11-26..2026-11-27"),
        ("friday..monday", "2026-11-27..2026-11-30"),
        ("monday..friday", "2026-11-30..2026-12-04"),       // next week's: the end follows the start
        ("next monday until next friday", "2026-11-30..2026-12-04"),
        ("today to next wednesday", "2026-11-25..2026-12-02"),  // an end already after the start stays where it is
        ("tomorrow to next tuesday", "2026-11-26..2026-12-01"),
        ("mon-fri", "2026-11-30..2026-12-04"),
        ("dec 20-24", "2026-12-20..2026-12-24"),               // a bare number: a day of the start's month
        ("dec 28..3", "2026-12-28..2027-01-03"),               // or of the next
        ("2026-12-20..24", "2026-12-20..2026-12-24"),
        ("dec 20...jan 4", "2026-12-20..2027-01-04"),
        ("dec 24", "2026-12-24..2026-12-24"),
        ("3rd dec 2027", "2027-12-03..2027-12-03"),
        ("2026-12-20..2027-01-04", "2026-12-20..2027-01-04"),
        ("dec 20..2027-01-04", "2026-12-20..2027-01-04"),
        ("dec 20..2026-12-19", "2026-12-20..2026-12-19"),   // no stretch: the reply says so
        ("nov 20..nov 24", "2027-11-20..2027-11-24"),       // this year's is over: next year's
    ])
    func readsDaysFromTheSpeakersToday(text: String, expected: String) throws {
        #expect(try days(text, now: wednesday) == expected)
    }

    /// Typed during the holiday, its days are the holiday under way, not next year's.
    @Test func aRangeOfMonthDaysUnderWayIsTheOneMeant() throws {
        #expect(try days("dec 20..jan 4", now: "2026-12-22T10:00:00Z") == "2026-12-20..2027-01-04")
        #expect(try days("dec 20..jan 4", now: "2027-01-03T12:00:00Z") == "2026-12-20..2027-01-04")  // Jan 4 in Auckland
        #expect(try days("dec 20..jan 4", now: "2027-01-04T12:00:00Z") == "2027-12-20..2028-01-04")  // Jan 5 there: over
        #expect(try days("dec 20..jan 4", now: "2027-01-04T12:00:00Z", zone: "America/Los_Angeles") == "2026-12-20..2027-01-04")
        // Whatever the end is written as, while it is still ahead.
        #expect(try days("dec 20..2027-01-04", now: "2026-12-22T10:00:00Z") == "2026-12-20..2027-01-04")
        #expect(try days("dec 20..friday", now: "2026-12-22T10:00:00Z") == "2026-12-20..2026-12-25")
        #expect(try days("dec 20-24", now: "2026-12-22T10:00:00Z") == "2026-12-20..2026-12-24")
        // Half a year or more under way is a typo in the end, which the reply then refuses as no stretch at all.
        #expect(try days("dec 20..2026-12-19", now: "2026-11-24T13:00:00Z") == "2026-12-20..2026-12-19")
    }

    @Test(arguments: [
        ("dec 20..soon", TimeExpressionError.unreadable(understood: "dec 20..", example: "away dec 20..jan 4, away friday, away tomorrow to next tuesday, away 2026-12-24")),
        ("friday 3pm", .unreadable(understood: "friday", example: "away dec 20..jan 4, away friday, away tomorrow to next tuesday, away 2026-12-24")),
        ("next week", .unreadable(understood: "next", example: "away dec 20..jan 4, away friday, away tomorrow to next tuesday, away 2026-12-24")),
        ("12/20..1/4", .ambiguous("12/20", example: "write 2026-12-03 or dec 3")),
        ("feb 30", .noSuchDate("feb 30")),
        ("feb 20-30", .noSuchDate("feb 30")),
        ("feb 28..feb 29", .noSuchDate("feb 29")),  // as in a deadline: no February 29th this year or next
        ("friday..monday 3pm", .unreadable(understood: "friday..monday", example: "away dec 20..jan 4, away friday, away tomorrow to next tuesday, away 2026-12-24")),
    ])
    func refusesWhatItCannotRead(text: String, error: TimeExpressionError) {
        #expect(throws: error) { try days(text, now: wednesday) }
    }

    /// A year mistyped far ahead is refused, as a deadline that far is.
    @Test func refusesDaysMoreThanFiveYearsAhead() throws {
        #expect(try days("dec 24 2030", now: wednesday) == "2030-12-24..2030-12-24")
        for text in ["dec 20 9999..jan 4", "9999-12-28..monday", "2032-01-05"] {
            do {
                _ = try days(text, now: wednesday)
                Issue.record("\(text) was read")
            } catch let error as TimeExpressionError {
                guard case .tooFarAhead = error else { Issue.record("\(text): \(error)"); continue }
            }
        }
    }

    @Test func takesOneOrTwoDaysAndNothingElse() {
        #expect(TypedDayRange(["dec", "20..jan", "4"])?.description == "dec 20..jan 4")
        #expect(TypedDayRange(["friday"])?.description == "friday")
        #expect(TypedDayRange(["mon–fri"])?.description == "mon..fri")
        #expect(TypedDayRange(["2026-12-24"])?.description == "2026-12-24")
        for words in [["..", "friday"], ["friday", "to"], ["mon", "to", "wed", "to", "fri"], ["a..b..c"], []] {
            #expect(TypedDayRange(words) == nil, "\(words)")
        }
    }
}
