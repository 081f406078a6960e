import Foundation
import Testing
import UnhurriedCore

/// Standup rounds end at a digest on the team's working days in the digest's zone; each person is asked at their
/// own local time, on their own working days, within the round.
@Suite struct StandupPlannerTests {
    static let standup = Standup(
        channel: ChatChannel(platform: "slack", workspaceID: "T0TEAM", channelID: "C0TEAM"), people: [ChatUserID("U0BOB")],
        promptAt: TimeOfDay(hour: 9, minute: 30)!, digestAt: TimeOfDay(hour: 16, minute: 0)!, digestTimeZone: TimeZone(identifier: "Europe/Berlin")!)
    let planner = StandupPlanner(standup: Self.standup, teamHours: .standardUTC)

    private func instant(_ text: String) -> Date {
        try! Date.ISO8601FormatStyle().parse(text)
    }

    private func hours(_ zone: String, days: Set<Weekday> = Weekday.mondayToFriday, holidays: Set<LocalDate> = []) -> WorkingHours {
        WorkingHours(days: days, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
                     timeZone: TimeZone(identifier: zone)!, holidays: holidays)
    }

    @Test func aWeeklyStandupHasOneRoundAWeekAndAsksOnEachPersonsLastWorkingDayInIt() throws {
        var weekly = Self.standup
        weekly.roundDays = [.friday]
        let planner = StandupPlanner(standup: weekly, teamHours: .standardUTC)
        // From Monday the round runs to Friday's digest (16:00 Berlin, 15:00Z) and opened after the Friday before.
        let round = try #require(planner.round(after: instant("2026-11-23T08:00:00Z")))
        #expect(round.date == LocalDate(year: 2026, month: 11, day: 27))
        #expect(round.opensAfter == instant("2026-11-20T15:00:00Z") && round.digestAt == instant("2026-11-27T15:00:00Z"))
        #expect(planner.round(after: round.digestAt)?.date == LocalDate(year: 2026, month: 12, day: 4))
        #expect(planner.round(dueBy: instant("2026-11-26T12:00:00Z"))?.date == LocalDate(year: 2026, month: 11, day: 20))
        #expect(planner.prompt(in: round, hours: hours("UTC")) == instant("2026-11-27T09:30:00Z"))
        // Away on Friday: asked on Thursday, the last working day of theirs in the round.
        #expect(planner.prompt(in: round, hours: hours("UTC", holidays: [LocalDate(year: 2026, month: 11, day: 27)!]))
            == instant("2026-11-26T09:30:00Z"))
        // Twice a week: Monday's round and Thursday's.
        weekly.roundDays = [.monday, .thursday]
        let twice = StandupPlanner(standup: weekly, teamHours: .standardUTC)
        #expect(twice.round(after: instant("2026-11-23T16:00:00Z"))?.opensAfter == instant("2026-11-23T15:00:00Z"))
        #expect(twice.round(after: instant("2026-11-23T16:00:00Z"))?.date == LocalDate(year: 2026, month: 11, day: 26))
    }

    @Test func mondaysRoundOpensAfterFridaysDigest() throws {
        // 16:00 in Berlin is 15:00 UTC in winter.
        let round = try #require(planner.round(after: instant("2026-11-23T08:00:00Z")))
        #expect(round.date == LocalDate(year: 2026, month: 11, day: 23))
        #expect(round.digestAt == instant("2026-11-23T15:00:00Z"))
        #expect(round.opensAfter == instant("2026-11-20T15:00:00Z"))
        #expect(planner.round(dueBy: instant("2026-11-23T15:00:00Z")) == round)
        #expect(planner.round(digestedAt: instant("2026-11-23T15:00:00Z")) == round)
        #expect(planner.round(after: instant("2026-11-23T15:00:00Z"))?.date == LocalDate(year: 2026, month: 11, day: 24))
    }

    @Test func eachPersonIsAskedAtTheirOwnNineThirty() throws {
        let round = try #require(planner.round(after: instant("2026-11-23T08:00:00Z")))
        #expect(planner.prompt(in: round, hours: hours("UTC")) == instant("2026-11-23T09:30:00Z"))
        #expect(planner.prompt(in: round, hours: hours("Asia/Kolkata")) == instant("2026-11-23T04:00:00Z"))
        #expect(planner.prompt(in: round, hours: hours("America/New_York")) == instant("2026-11-23T14:30:00Z"))
        // In Los Angeles 09:30 comes after Berlin's 16:00: Friday's 09:30 there, after Friday's digest, is the
        // prompt of Monday's round, and Monday's is Tuesday's — each working day once.
        #expect(planner.prompt(in: round, hours: hours("America/Los_Angeles")) == instant("2026-11-20T17:30:00Z"))
        let tuesday = try #require(planner.round(after: instant("2026-11-23T15:00:00Z")))
        #expect(planner.prompt(in: tuesday, hours: hours("America/Los_Angeles")) == instant("2026-11-23T17:30:00Z"))
    }

    @Test func aPromptBeforeSomeonesHoursWaitsForThemAndOneAtTheDigestBelongsToTheNextRound() throws {
        let round = try #require(planner.round(after: instant("2026-11-23T08:00:00Z")))
        var late = hours("UTC")
        late.schedule = try #require(WeeklySchedule(parsing: "mon-fri 10:00-17:00"))
        #expect(planner.prompt(in: round, hours: late) == instant("2026-11-23T10:00:00Z"))
        // A prompt at the digest's own time belongs to the round that digest opens: Monday's round asks at Friday's
        // digest, Tuesday's at Monday's.
        var atTheDigest = Self.standup
        atTheDigest.promptAt = atTheDigest.digestAt
        let same = StandupPlanner(standup: atTheDigest, teamHours: .standardUTC)
        var berlin = hours("Europe/Berlin")
        berlin.schedule = try #require(WeeklySchedule(parsing: "mon-fri 09:00-18:00"))
        #expect(same.prompt(in: round, hours: berlin) == instant("2026-11-20T15:00:00Z"))
        let tuesday = try #require(same.round(after: round.digestAt))
        #expect(same.prompt(in: tuesday, hours: berlin) == round.digestAt)
    }

    @Test func aDayOffOrAwayHasNoPrompt() throws {
        let round = try #require(planner.round(after: instant("2026-11-23T08:00:00Z")))
        #expect(planner.prompt(in: round, hours: hours("UTC", holidays: [LocalDate(year: 2026, month: 11, day: 23)!])) == nil)
        #expect(planner.prompt(in: round, hours: hours("UTC", days: [.tuesday, .wednesday])) == nil)
    }

    @Test func inTheWeeksTheUSHasChangedClocksAndEuropeHasNotEachKeepsTheirOwnHour() throws {
        // 2027-03-15: New York on summer time since the 14th, Berlin not until the 28th. 09:30 EDT is 13:30 UTC, before
        // Berlin's 16:00 CET (15:00 UTC); the week before, 09:30 EST was 14:30 UTC.
        let round = try #require(planner.round(after: instant("2027-03-15T08:00:00Z")))
        #expect(round.digestAt == instant("2027-03-15T15:00:00Z"))
        #expect(planner.prompt(in: round, hours: hours("America/New_York")) == instant("2027-03-15T13:30:00Z"))
        let weekBefore = try #require(planner.round(after: instant("2027-03-08T08:00:00Z")))
        #expect(planner.prompt(in: weekBefore, hours: hours("America/New_York")) == instant("2027-03-08T14:30:00Z"))
    }

    @Test func theDigestFollowsBerlinsClockAcrossItsDSTChange() throws {
        // Europe/Berlin leaves summer time on 2026-10-25: 16:00 is 14:00 UTC on the Friday before, 15:00 UTC after.
        let friday = try #require(planner.round(after: instant("2026-10-23T08:00:00Z")))
        #expect(friday.digestAt == instant("2026-10-23T14:00:00Z"))
        let monday = try #require(planner.round(after: friday.digestAt))
        #expect(monday.digestAt == instant("2026-10-26T15:00:00Z"))
        #expect(monday.opensAfter == friday.digestAt)
    }
}
