import Foundation
import Testing
import UnhurriedCore

/// Working hours split by a break and different from one day to another (`mon-thu 08:00-12:00,13:00-17:00
/// fri 08:00-12:00`): deadlines count only those blocks, in the person's zone, across DST and midnight UTC.
@Suite struct SplitHoursTests {
    private func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    private static let week = "mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00"

    private func hours(_ zone: String, _ week: String = Self.week) -> WorkingHours {
        WorkingHours(schedule: WeeklySchedule(parsing: week)!, timeZone: TimeZone(identifier: zone)!)
    }

    @Test(arguments: [
        "mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00", "mon,wed,fri 09:00-17:00", "mon-wed,fri 09:00-17:00 thu 10:00-11:00",
        "mon-fri 09:00-17:00", "sat,sun 10:00-14:00", "none",
    ])
    func aWeekReadsBackFromWhatItWrites(text: String) throws {
        let week = try #require(WeeklySchedule(parsing: text))
        #expect(week.description == text)
    }

    @Test func aDayIsTheUsualDayAndADayWithoutBlocksEndsWhenAUsualDayEnds() throws {
        let week = try #require(WeeklySchedule(parsing: Self.week))
        #expect(week.usualDayLength == .seconds(8 * 3600))
        #expect(week.endOfDay(on: .friday) == TimeOfDay(hour: 12, minute: 0))
        #expect(week.endOfDay(on: .saturday) == TimeOfDay(hour: 17, minute: 0))
        #expect(week.workingDays == Weekday.mondayToFriday)
        // A new working day gets a usual day; a day that stays keeps its own blocks.
        #expect(week.working(on: [.friday, .saturday]).description == "fri 08:00-12:00 sat 08:00-12:00,13:00-17:00")
        #expect(week.withBlocks(ClockRange.blocks(parsing: "10:00-16:00")!).description == "mon-fri 10:00-16:00")
    }

    @Test func theUsualDayIsTheLongestAndTheEarliestInTheWeekOnATie() throws {
        // Wednesday, Thursday and Sunday each have eight hours; the week is read from Monday.
        let week = try #require(WeeklySchedule(parsing: "mon 09:00-13:00 wed 10:00-18:00 thu 09:00-17:00 sun 08:00-12:00,13:00-17:00"))
        #expect(week.usualBlocks == ClockRange.blocks(parsing: "10:00-18:00"))
        #expect(try #require(WeeklySchedule(parsing: "mon 09:00-10:00 sun 08:00-18:00")).usualBlocks == ClockRange.blocks(parsing: "08:00-18:00"))
        #expect(WeeklySchedule.empty.usualBlocks.isEmpty)
    }

    @Test(arguments: [
        // Berlin (CET, UTC+1 in late November), start, working hours to add, expected deadline
        ("2026-11-26T10:00:00Z", 4, "2026-11-26T15:00:00Z"),  // Thu 11:00: one hour to lunch, three after it
        ("2026-11-26T11:30:00Z", 1, "2026-11-26T13:00:00Z"),  // in the break: counting starts at 13:00 local
        ("2026-11-27T10:00:00Z", 4, "2026-11-30T10:00:00Z"),  // Fri 11:00: one hour left on a short Friday, three Monday
        ("2026-11-27T13:00:00Z", 1, "2026-11-30T08:00:00Z"),  // Fri afternoon is not worked
        ("2026-11-26T07:00:00Z", 8, "2026-11-26T16:00:00Z"),  // a whole Thursday: ends at 17:00 local
    ])
    func deadlinesCountOnlyTheBlocks(start: String, workingHours: Int, expected: String) {
        let calendar = WorkingCalendar(hours: hours("Europe/Berlin"))
        #expect(calendar.adding(.seconds(workingHours * 3600), to: instant(start)) == instant(expected))
        #expect(calendar.workingTime(from: instant(start), to: instant(expected)) == .seconds(workingHours * 3600))
    }

    @Test func theWeekTheClocksGoBackCountsLocalBlocks() {
        // Berlin leaves summer time on Sunday 2026-10-25: Friday 11:00 CEST is 09:00Z, Monday 11:00 CET is 10:00Z.
        let calendar = WorkingCalendar(hours: hours("Europe/Berlin"))
        #expect(calendar.adding(.seconds(4 * 3600), to: instant("2026-10-23T09:00:00Z")) == instant("2026-10-26T10:00:00Z"))
    }

    @Test func aHalfHourZoneKeepsItsBreak() {
        // Kolkata is UTC+05:30: Monday 12:00 there is 06:30Z; an hour before lunch, an hour after it ends 15:00 local.
        let calendar = WorkingCalendar(hours: hours("Asia/Kolkata", "mon-fri 09:30-13:00,14:00-18:30"))
        #expect(calendar.adding(.seconds(2 * 3600), to: instant("2026-11-23T06:30:00Z")) == instant("2026-11-23T09:30:00Z"))
    }

    @Test func blocksThatCrossMidnightUTCStayOnTheirLocalDay() {
        // Auckland is UTC+13 in December: Monday 08:00-12:00 is Sunday 19:00-23:00Z, 13:00-17:00 is Monday 00:00-04:00Z.
        let calendar = WorkingCalendar(hours: hours("Pacific/Auckland", "mon-fri 08:00-12:00,13:00-17:00"))
        #expect(calendar.adding(.seconds(2 * 3600), to: instant("2026-12-06T22:00:00Z")) == instant("2026-12-07T01:00:00Z"))
        // Sunday 23:30Z is Monday 12:30 there: the break, so the next working instant is 13:00 local.
        #expect(calendar.nextWorkingInstant(atOrAfter: instant("2026-12-06T23:30:00Z")) == instant("2026-12-07T00:00:00Z"))
        #expect(calendar.isWorkingDay(LocalDate(year: 2026, month: 12, day: 7)!))
        #expect(!calendar.isWorkingDay(LocalDate(year: 2026, month: 12, day: 6)!))
    }

    @Test func byFridayMeansTheEndOfFridaysHours() throws {
        // Monday 2026-11-23 10:00 in Berlin.
        let reader = TimeExpressionReader(now: instant("2026-11-23T09:00:00Z"), speakerHours: hours("Europe/Berlin"))
        #expect(try reader.read(["by", "friday"]) == instant("2026-11-27T11:00:00Z"))
        #expect(try reader.read(["by", "thursday"]) == instant("2026-11-26T16:00:00Z"))
        #expect(try reader.read(["in", "1", "working", "day"]) == instant("2026-11-24T09:00:00Z"))
    }

    @Test func aStandardAskGetsAUsualDayOfTheirBlocks() {
        // Thursday 10:00 Berlin: six hours left on Thursday, two more on Friday morning.
        let due = ResponsePolicy.builtIn.deadline(
            for: ResponsePolicy.builtIn.tier(named: "standard")!, createdAt: instant("2026-11-26T09:00:00Z"), workingHours: hours("Europe/Berlin"))
        #expect(due == instant("2026-11-27T09:00:00Z"))
    }

    @Test func daysOrBlocksAloneStayPartialUntilAWholeWeekIsGiven() {
        let team = hours("UTC", "mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00")
        var mine = PersonalSettings()
        mine.change(.days([.monday, .tuesday]))
        #expect(mine.workingHours(teamDefault: team).schedule.description == "mon,tue 08:00-12:00,13:00-17:00")
        mine.change(.blocks(ClockRange.blocks(parsing: "07:00-15:00")!))
        #expect(mine.workingHours(teamDefault: team).schedule.description == "mon,tue 07:00-15:00")
        #expect(mine.week == nil)
        mine.change(.week(WeeklySchedule(parsing: "mon-wed 10:00-18:00")!))
        #expect(mine.days == nil && mine.blocks == nil)
        // With a week of their own, days alone change that week.
        mine.change(.days([.monday, .thursday]))
        #expect(mine.workingHours(teamDefault: team).schedule.description == "mon,thu 10:00-18:00")
    }
}
