import Foundation
import Testing
import UnhurriedCore

/// Figures per channel and tier from item histories, response times counted in each assignee's working hours.
@Suite struct ResponseStatisticsTests {
    private let channel = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")
    private let alice = ChatUserID("U0ALICE")
    private let bob = ChatUserID("U0BOB")
    private let carol = ChatUserID("U0CAROL")
    /// Everyone's hours in these tests: Monday to Friday, 09:00–17:00 UTC.
    private let hours = WorkingHours(
        days: Weekday.mondayToFriday, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
        timeZone: TimeZone(identifier: "UTC")!, holidays: [])

    private func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// An ask created at `created` for `people`, each due at `due`, with their first responses.
    private func history(
        _ id: Int64, created: String, due: String, tier: String = "standard", people: [ChatUserID], responses: [ChatUserID: String] = [:],
        status: ItemStatus = .open
    ) -> ItemHistory {
        let assignments = people.map { Assignment(assignee: $0, dueAt: instant(due), acknowledgedAt: responses[$0].map(instant)) }
        let item = Item(id: ItemID(id), status: status, NewItem(
            kind: .ask, channel: channel, author: alice, request: "r\(id)", links: [], tierName: tier, createdAt: instant(created),
            assignments: assignments))
        let events = [ItemEvent(kind: .created, actor: alice, at: instant(created))]
            + responses.sorted { $0.value < $1.value }.map { ItemEvent(kind: .acknowledged, actor: $0.key, at: instant($0.value)) }
        return ItemHistory(item: item, events: events)
    }

    @Test func countsInWorkingTimeWithMedianP90ShareAndWhatIsOverdueNow() {
        let now = instant("2026-11-23T16:00:00Z")  // Monday
        let histories = [
            // Friday 16:00 → Monday 10:00 is two working hours, on time.
            history(1, created: "2026-11-20T16:00:00Z", due: "2026-11-23T12:00:00Z", people: [bob], responses: [bob: "2026-11-23T10:00:00Z"]),
            // 30 minutes, on time; and carol a day late (two working days: 16 working hours, after her deadline).
            history(2, created: "2026-11-19T09:00:00Z", due: "2026-11-19T17:00:00Z", people: [bob, carol],
                    responses: [bob: "2026-11-19T09:30:00Z", carol: "2026-11-20T17:00:00Z"]),
            // Not answered and past its deadline: overdue now, and a miss.
            history(3, created: "2026-11-18T09:00:00Z", due: "2026-11-18T13:00:00Z", tier: "urgent", people: [carol]),
            // Not answered, still within its time: counted as asked, not judged.
            history(4, created: "2026-11-23T15:00:00Z", due: "2026-11-24T15:00:00Z", people: [bob]),
            // Asked before the period and still overdue: counts as overdue now only.
            history(5, created: "2026-11-02T09:00:00Z", due: "2026-11-03T09:00:00Z", people: [bob]),
        ]
        let figures = ResponseStatistics.compute(histories, since: instant("2026-11-16T16:00:00Z"), now: now) { _, _ in hours }
        #expect(figures.map(\.tier) == ["standard", "urgent"])
        let standard = figures[0]
        #expect(standard.asksCreated == 3)
        #expect(standard.responses == 3)
        #expect(standard.medianTimeToFirstResponse == .seconds(2 * 3600))
        #expect(standard.p90TimeToFirstResponse == .seconds(16 * 3600))
        #expect(standard.shareWithinExpectation == 2.0 / 3.0)
        #expect(standard.overdueNow == 1)
        let urgent = figures[1]
        #expect(urgent.asksCreated == 1)
        #expect(urgent.responses == 0)
        #expect(urgent.medianTimeToFirstResponse == nil)
        #expect(urgent.shareWithinExpectation == 0)
        #expect(urgent.overdueNow == 1)
    }

    @Test func anAskWithdrawnBeforeItsDeadlineIsNoMiss() {
        var withdrawn = history(1, created: "2026-11-23T09:00:00Z", due: "2026-11-23T12:00:00Z", people: [bob], status: .cancelled)
        withdrawn.events.append(ItemEvent(kind: .cancelled, actor: alice, at: instant("2026-11-23T10:00:00Z")))
        var late = history(2, created: "2026-11-23T09:00:00Z", due: "2026-11-23T12:00:00Z", people: [bob], status: .cancelled)
        late.events.append(ItemEvent(kind: .cancelled, actor: alice, at: instant("2026-11-23T13:00:00Z")))
        let figures = ResponseStatistics.compute(
            [withdrawn, late], since: instant("2026-11-20T00:00:00Z"), now: instant("2026-11-23T16:00:00Z")) { _, _ in hours }
        #expect(figures.first?.asksCreated == 2)
        #expect(figures.first?.shareWithinExpectation == 0)  // only the one still owed at its deadline counts, as a miss
        #expect(figures.first?.overdueNow == 0)
    }

    @Test func aFinishWithoutAnAcknowledgementIsTheFirstResponse() {
        var history = history(1, created: "2026-11-23T09:00:00Z", due: "2026-11-23T17:00:00Z", people: [bob])
        history.events.append(ItemEvent(kind: .assignmentDone, actor: carol, at: instant("2026-11-23T09:10:00Z")))
        history.events.append(ItemEvent(kind: .done, actor: bob, at: instant("2026-11-23T10:00:00Z")))
        #expect(history.firstResponse(of: bob) == instant("2026-11-23T10:00:00Z"))
        #expect(history.firstResponse(of: alice) == nil)
    }

    @Test func chartsEachWeekAsStatsWouldReportIt() {
        let now = instant("2026-11-23T16:00:00Z")  // Monday
        let histories = [
            // Three weeks ago: answered in one working hour, on time.
            history(1, created: "2026-11-02T09:00:00Z", due: "2026-11-02T17:00:00Z", people: [bob], responses: [bob: "2026-11-02T10:00:00Z"]),
            // This week: answered in three working hours, and one unanswered past its deadline.
            history(2, created: "2026-11-19T09:00:00Z", due: "2026-11-19T17:00:00Z", people: [bob], responses: [bob: "2026-11-19T12:00:00Z"]),
            history(3, created: "2026-11-19T09:00:00Z", due: "2026-11-19T17:00:00Z", people: [carol]),
        ]
        let trends = ResponseTrend.compute(histories, weeks: 4, now: now) { _, _ in hours }
        #expect(trends.count == 1)
        let trend = trends[0]
        #expect(trend.weeks.map(\.start) == [
            instant("2026-10-26T16:00:00Z"), instant("2026-11-02T16:00:00Z"), instant("2026-11-09T16:00:00Z"), instant("2026-11-16T16:00:00Z"),
        ])
        // Ask 1 was made on Monday 2nd at 09:00, before the second week's start at 16:00: in the first week.
        #expect(trend.weeks.map(\.asksCreated) == [1, 0, 0, 2])
        #expect(trend.weeks.map(\.medianTimeToFirstResponse) == [.seconds(3600), nil, nil, .seconds(3 * 3600)])
        #expect(trend.weeks.map(\.shareWithinExpectation) == [1, nil, nil, 0.5])
        #expect(trend.overdueNow == 1)
        let lastWeek = ResponseStatistics.compute(histories, since: instant("2026-11-16T16:00:00Z"), now: now) { _, _ in hours }
        #expect(lastWeek.first?.medianTimeToFirstResponse == trend.weeks.last?.medianTimeToFirstResponse)
    }
}
