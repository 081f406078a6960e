import Foundation
import Testing
import UnhurriedCore

/// When the weekly digest goes out and which week it reports.
@Suite struct WeeklyDigestTests {
    private func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    private let weekly: WeeklyDigest = {
        var hours = WorkingHours.standardUTC
        hours.timeZone = TimeZone(identifier: "Europe/Berlin")!
        var policy = ResponsePolicy.builtIn
        policy.workingHours = hours
        policy.weeklyDigest = WeeklyDigestTime(day: .monday, at: TimeOfDay(hour: 9, minute: 30)!)
        return WeeklyDigest(policy: policy)!
    }()

    @Test func goesOutOnItsDayInTheTeamsZoneAndReportsTheWeekBefore() {
        // Monday 09:30 in Berlin is 08:30Z in November; on Wednesday the latest is that Monday's, the next the one after.
        let latest = weekly.latest(atOrBefore: instant("2026-11-25T12:00:00Z"))
        #expect(latest.instant == instant("2026-11-23T08:30:00Z") && latest.date == LocalDate(year: 2026, month: 11, day: 23))
        #expect(weekly.next(after: instant("2026-11-25T12:00:00Z")) == instant("2026-11-30T08:30:00Z"))
        // A minute before Monday's: the Monday before.
        #expect(weekly.latest(atOrBefore: instant("2026-11-23T08:29:00Z")).date == LocalDate(year: 2026, month: 11, day: 16))
        #expect(weekly.next(after: instant("2026-11-23T08:29:00Z")) == instant("2026-11-23T08:30:00Z"))
        // Midnight to midnight in Berlin, Monday to Sunday.
        let week = weekly.week(before: latest.date)
        #expect(week.start == instant("2026-11-15T23:00:00Z") && week.end == instant("2026-11-22T23:00:00Z"))
        // The week the clocks went back has 169 hours.
        let autumn = weekly.week(before: LocalDate(year: 2026, month: 10, day: 26)!)
        #expect(autumn.end.timeIntervalSince(autumn.start) == 169 * 3600)
    }

    @Test func aQuietWeekPostsNothing() {
        let week = weekly.week(before: LocalDate(year: 2026, month: 11, day: 30)!)
        #expect(weekly.digest(of: [], week: week, now: week.end, hours: { _, _ in .standardUTC }) == nil)
        let channel = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")
        // A decision from the week before is not this week's.
        let old = ItemHistory(item: Item(id: ItemID(1), status: .open, NewItem(
            kind: .decision, channel: channel, author: ChatUserID("U0ALICE"), request: "ship", links: [], tierName: "decision",
            createdAt: week.start.addingTimeInterval(-60), assignments: [])), events: [])
        #expect(weekly.digest(of: [old], week: week, now: week.end, hours: { _, _ in .standardUTC }) == nil)
    }
}
