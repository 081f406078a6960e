import Foundation
import Testing
import UnhurriedCore

/// When digests are due, and what they say.
@Suite struct DigestPlannerTests {
    private func instant(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    private let policy: ResponsePolicy = {
        var berlin = WorkingHours.standardUTC
        berlin.timeZone = TimeZone(identifier: "Europe/Berlin")!
        berlin.holidays = [LocalDate(year: 2026, month: 12, day: 24)!]
        return ResponsePolicy(
            tiers: ResponsePolicy.builtIn.tiers, defaultTierName: "standard",
            channels: ["C0QUIET": ChannelPolicy(digest: .off), "C0LATE": ChannelPolicy(digest: .at(TimeOfDay(hour: 11, minute: 0)!))],
            workingHours: berlin, digestAt: TimeOfDay(hour: 9, minute: 30)!)
    }()

    private func channel(_ id: String) -> ChatChannel { ChatChannel(platform: "slack", workspaceID: "T1", channelID: id) }

    @Test func digestsAreDueAtTheirLocalTimeOnWorkingDaysOnce() {
        let planner = DigestPlanner(policy: policy)
        let channels = [channel("C0GENERAL"), channel("C0QUIET"), channel("C0LATE")]
        // Thu 2026-12-03 09:30 in Berlin is 08:30Z.
        #expect(planner.dueDigests(in: channels, now: instant("2026-12-03T08:29:00Z")).isEmpty)
        let due = planner.dueDigests(in: channels, now: instant("2026-12-03T08:30:00Z"))
        #expect(due.map(\.idempotencyKey.rawValue) == ["digest:slack:T1:C0GENERAL:2026-12-03"])
        #expect(due.first?.dueAt == instant("2026-12-03T08:30:00Z"))
        #expect(planner.dueDigests(in: channels, now: instant("2026-12-03T10:00:00Z")).map(\.channel.channelID) == ["C0GENERAL", "C0LATE"])
        // Six hours late is too late: a digest of yesterday's state is noise.
        #expect(planner.dueDigests(in: channels, now: instant("2026-12-03T15:59:00Z")).map(\.channel.channelID) == ["C0LATE"])
        #expect(planner.hasDigestDue(after: instant("2026-12-03T08:00:00Z"), now: instant("2026-12-03T08:30:00Z")))
        #expect(!planner.hasDigestDue(after: instant("2026-12-03T08:30:00Z"), now: instant("2026-12-03T09:00:00Z")))
        // Sat 5 Dec and the holiday on 24 Dec have none; Friday's next digest is Monday's.
        #expect(planner.dueDigests(in: channels, now: instant("2026-12-05T09:00:00Z")).isEmpty)
        #expect(planner.dueDigests(in: channels, now: instant("2026-12-24T09:00:00Z")).isEmpty)
        #expect(planner.nextDigest(after: instant("2026-12-04T12:00:00Z")) == instant("2026-12-07T08:30:00Z"))
        #expect(planner.reportedDay(before: instant("2026-12-07T08:30:00Z"))
            == (instant("2026-12-03T23:00:00Z"), instant("2026-12-04T23:00:00Z")))
    }

    @Test func saysWhatIsPastItsDeadlineWhatIsOpenAndYesterdaysFigures() throws {
        let planner = DigestPlanner(policy: policy)
        let now = instant("2026-12-03T08:30:00Z")
        func ask(_ id: Int64, _ assignments: [Assignment], createdAt: String = "2026-12-02T08:00:00Z") -> Item {
            Item(id: ItemID(id), status: .open, NewItem(
                kind: .ask, channel: channel("C0GENERAL"), author: ChatUserID("U0ALICE"), request: "review \(id)", links: [],
                tierName: "standard", createdAt: instant(createdAt), assignments: assignments))
        }
        let late = ask(1, [Assignment(assignee: ChatUserID("U0BOB"), dueAt: instant("2026-12-02T16:00:00Z"))])
        let seen = ask(2, [Assignment(
            assignee: ChatUserID("U0CAROL"), dueAt: instant("2026-12-02T16:00:00Z"), acknowledgedAt: instant("2026-12-02T10:00:00Z"))])
        let ahead = ask(3, [Assignment(assignee: ChatUserID("U0DAN"), dueAt: instant("2026-12-04T16:00:00Z"))])
        // Yesterday: Carol answered in 2 working hours (on time), Erin in 10 (late), Finn in 3 (on time).
        let erin = ask(4, [Assignment(assignee: ChatUserID("U0ERIN"), dueAt: instant("2026-12-02T09:00:00Z"), status: .done,
                                      acknowledgedAt: instant("2026-12-02T11:00:00Z"))], createdAt: "2026-12-01T09:00:00Z")
        let finn = ask(5, [Assignment(assignee: ChatUserID("U0FINN"), dueAt: instant("2026-12-02T16:00:00Z"), status: .done,
                                      acknowledgedAt: instant("2026-12-02T11:00:00Z"))])
        let responses = [
            FirstResponse(item: seen, assignee: ChatUserID("U0CAROL"), respondedAt: instant("2026-12-02T10:00:00Z")),
            FirstResponse(item: erin, assignee: ChatUserID("U0ERIN"), respondedAt: instant("2026-12-02T11:00:00Z")),
            FirstResponse(item: finn, assignee: ChatUserID("U0FINN"), respondedAt: instant("2026-12-02T11:00:00Z")),
        ]
        let message = try #require(planner.digest(
            openItems: [late, seen, ahead], responses: responses, hours: { _, _ in self.policy.workingHours },
            day: planner.reportedDay(before: now), now: now))
        #expect(message.fallbackText == "Async digest for 2026-12-03: 3 open, 1 past their deadline")
        let text = message.blocks.map { block -> String in
            guard case .section(let rich) = block else { return "" }
            return rich.spans.map { span -> String in
                switch span {
                case .text(let value), .bold(let value), .code(let value), .command(let value), .channel(let value): value
                case .user(let user): "@\(user)"
                case .time: "<time>"
                case .link(let link): link.url
                case .permalink(let link): link.label
                case .lineBreak: "\n"
                }
            }.joined()
        }.joined(separator: "\n")
        #expect(text.contains("Past their deadline (1)\n#1 @U0BOB was due <time>: review 1"))
        #expect(text.contains("Open, by deadline (2)\n#2 @U0CAROL (acknowledged) due <time>: review 2\n#3 @U0DAN due <time>: review 3"))
        #expect(text.contains("2026-12-02: 3 first responses, median 3h of working time, 67% within the expected time."))
        #expect(planner.digest(openItems: [], responses: [], hours: { _, _ in self.policy.workingHours }, day: planner.reportedDay(before: now), now: now) == nil)
    }
}
