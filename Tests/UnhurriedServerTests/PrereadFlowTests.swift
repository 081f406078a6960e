import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import UnhurriedCore
import UnhurriedServer

/// Meeting pre-reads end to end through the signed Slack routes, in virtual time (`SlackTeam`): posted ahead of the
/// meeting, one reminder to each reader who has not read it, inside their own hours, and a summary at the meeting.
@Suite(.timeLimit(.minutes(1))) struct PrereadFlowTests {
    /// The team works 09:00–17:00 UTC; pre-reads go out a working day ahead and remind four working hours ahead.
    static let policy = ResponsePolicy(
        tiers: [ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 1))], defaultTierName: "standard",
        workingHours: .standardUTC)
    static let workspace = WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")

    private func press(_ action: String, by user: String, on team: SlackTeam) async throws {
        let response = try await team.press(#"{"type":"button","action_id":"\#(action)","block_id":"item_1","value":"1"}"#, user: user)
        #expect(response.status == .ok)
    }

    @Test(arguments: TestDatabase.kinds)
    func postsAheadRemindsOnlyNonReadersInTheirOwnHoursAndSumsUpAtTheMeeting(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            _ = try await team.command("/hours", "Asia/Kolkata", user: "U0CAROL")
            _ = try await team.command("/hours", "America/New_York", user: "U0DAN")
            // Mon 08:00: the meeting is Wed 15:00 UTC — 20:30 in Kolkata, 10:00 in New York.
            let answer = try await team.command(
                "/preread", "Q3 planning at wednesday 15:00 for <@U0BOB> <@U0CAROL> <@U0DAN> Agenda: budget, hiring https://example.com/q3")
            #expect(answer.contains("Scheduled pre-read"))
            #expect(try await team.command("/preread", "list").contains("Q3 planning"))

            // Posted one working day ahead, Tue 15:00 UTC (31 h after Mon 08:00), not before.
            try await team.advance(to: 30.9)
            #expect(slack.posts.isEmpty)
            try await team.advance(to: 31)
            let card = try #require(slack.posts.first)
            #expect(card.idempotencyKey == "item:1:item_card")
            #expect(card.raw.contains("mark_read") && card.raw.contains("raise_question") && card.raw.contains("https://example.com/q3"))
            // It came at 20:30 in Kolkata: it calls Bob and Dan, and names Carol.
            #expect(card.raw.contains("<@U0BOB>") && card.raw.contains("<@U0DAN>") && !card.raw.contains("<@U0CAROL>") && card.raw.contains("*carol*"))
            try await press("mark_read", by: "U0BOB", on: team)

            // Dan's reminder is four of his working hours before 10:00 New York time: Tue 14:00 there, 19:00 UTC
            // (35 h) — not 11:00 UTC, which is 06:00 for him. Bob read it and is not reminded.
            try await team.advance(to: 34.9)
            #expect(slack.posts.count == 1)
            try await team.advance(to: 35)
            #expect(slack.posts.dropFirst().map(\.idempotencyKey) == ["item:1:U0DAN:reminder-1:dm"])
            #expect(slack.posts.last?.threadTS == nil)

            // Carol is called when her Wednesday starts, 09:00 in Kolkata, 03:30 UTC (43.5 h), in her DM.
            try await team.advance(to: 43.4)
            #expect(slack.posts.count == 2)
            try await team.advance(to: 43.5)
            #expect(slack.posts.last?.idempotencyKey == "item:1:U0CAROL:first-call:dm")

            // Her reminder is 13:00 in Kolkata on Wednesday, 07:30 UTC (47.5 h).
            try await team.advance(to: 47.4)
            #expect(slack.posts.count == 3)
            try await team.advance(to: 47.5)
            #expect(slack.posts.last?.idempotencyKey == "item:1:U0CAROL:reminder-1:dm")

            // Carol asks in the thread: a question, open until she marks it read. Dan reads it.
            let question = #"{"type":"message","channel":"C0GENERAL","user":"U0CAROL","text":"Which budget line?","ts":"1795600000.000100","thread_ts":"\#(card.ts)"}"#
            #expect(try await team.event(question, id: "Ev0QUESTION").status == .ok)
            try await press("mark_read", by: "U0DAN", on: team)

            // Wed 15:00 UTC (55 h): the summary, under the pre-read.
            try await team.advance(to: 54.9)
            #expect(slack.posts.count == 4)
            try await team.advance(to: 55)
            let summary = try #require(slack.posts.last)
            #expect(summary.idempotencyKey == "item:1:preread_summary")
            #expect(summary.threadTS == card.ts)
            #expect(summary.raw.contains("Read it (2)") && summary.raw.contains("Open questions from (1): *carol*"))
            // Her question, in her words.
            #expect(summary.raw.contains("*carol*: “Which budget line?”"))
            #expect(!summary.raw.contains("could be skipped"))
            #expect(!summary.raw.contains("Not read yet"))

            try await team.advance(to: 24 * 7)
            #expect(try await team.command("/preread", "list").contains("No pre-reads scheduled here"))
            let item = try #require(try await team.store.item(ItemID(1), in: Self.workspace))
            #expect(item.assignments.map(\.status) == [.done, .open, .done])
            let history = try #require(try await team.store.itemHistories(HistoryQuery()).first?.events)
            #expect(history.map(\.kind) == [.created, .read, .questionRaised, .replied, .read, .meetingStarted])
            // Her question is kept in the pre-read's record, in her words.
            let asked = try #require(history.first { $0.kind == .replied })
            #expect(asked.actor == ChatUserID("U0CAROL") && asked.text == "Which budget line?")
            #expect(item.status == .done)
            // The card lost its buttons at the meeting; a late press is told why nothing changed.
            #expect(slack.updates.last?.raw.contains("mark_read") == false)
            try await press("mark_read", by: "U0CAROL", on: team)
            try await team.tick()
            #expect(slack.ephemerals.last?.raw.contains("meeting has started") == true)
        }
        // Each post once: the card, Carol's call, two reminders, the summary; the card updated in place as people read it.
        #expect(slack.posts.count == 5)
        #expect(!slack.updates.isEmpty)
        #expect(slack.updates.allSatisfy { $0.json["ts"] as? String == slack.posts.first?.ts })
    }

    @Test(arguments: TestDatabase.kinds)
    func theSummarySaysTheMeetingCouldBeSkippedOnceEveryoneReadItAndNoQuestionIsOpen(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            // A day ahead has already passed for a meeting at 15:00 today: it is posted at once.
            #expect(try await team.command("/preread", "Retro at 15:00 <@U0BOB> notes https://example.com/retro").contains("posted here now"))
            try await team.tick()
            #expect(slack.posts.map(\.idempotencyKey) == ["item:1:item_card"])
            try await press("raise_question", by: "U0BOB", on: team)
            try await team.tick()
            // A question raised is answered privately with where to ask it.
            #expect(slack.ephemerals.last?.raw.contains("reply in the pre-read's thread") == true)
            try await team.advance(to: 3)
            try await press("mark_read", by: "U0BOB", on: team)
            // Someone it is not addressed to is told so, and nothing changes.
            try await press("mark_read", by: "U0EVE", on: team)
            try await team.tick()
            #expect(slack.ephemerals.last?.raw.contains("not addressed to you") == true)
            // Bob responded before his reminder (11:00, 3 h): none is sent.
            try await team.advance(to: 7)
            let summary = try #require(slack.posts.last)
            #expect(summary.idempotencyKey == "item:1:preread_summary")
            #expect(summary.raw.contains("could be skipped"))
        }
        #expect(slack.posts.count == 2)
    }

    @Test(arguments: TestDatabase.kinds)
    func aPrereadCancelledBeforeItsTimeIsNeverPosted(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            #expect(try await team.command("/preread", "Budget review at friday 10:00 post 2h before <@U0BOB>").contains("Scheduled pre-read"))
            #expect(try await team.command("/preread", "cancel 1", user: "U0BOB").contains("only the person who scheduled it"))
            #expect(try await team.command("/preread", "cancel 1").contains("Cancelled"))
            #expect(try await team.command("/preread", "list").contains("No pre-reads"))
            try await team.advance(to: 24 * 7)
        }
        #expect(slack.posts.isEmpty)
    }

    @Test(arguments: TestDatabase.kinds)
    func aPrereadCancelledAfterItWasPostedShowsItAndGetsNoReminderOrSummary(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            _ = try await team.command("/preread", "Retro at 15:00 <@U0BOB> notes https://example.com/retro")
            try await team.tick()
            #expect(slack.posts.map(\.idempotencyKey) == ["item:1:item_card"])
            #expect(try await team.command("/preread", "cancel 1").contains("Cancelled"))
            try await team.advance(to: 24)
        }
        // Bob's 11:00 reminder and the 15:00 summary are not sent; the card says it was cancelled, without buttons.
        #expect(slack.posts.count == 1)
        #expect(slack.updates.last?.raw.contains("(cancelled)") == true)
        #expect(slack.updates.last?.raw.contains("mark_read") == false)
    }

    @Test(arguments: TestDatabase.kinds)
    func aPrereadWhoseMeetingBeganWhileTheServerWasDownIsNeitherPostedNorSummedUp(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            _ = try await team.command("/preread", "Standup at 10:00 <@U0BOB> notes https://example.com/notes")
            // Nothing runs until 10:05: the card's time and the meeting have both passed.
            try await team.advance(to: 2.1)
            let item = try #require(try await team.store.item(ItemID(1), in: Self.workspace))
            #expect(item.status == .done)
        }
        #expect(slack.posts.isEmpty)
    }

    @Test func unreadableMeetingTimesAreRefusedWithWhatWasUnderstood() async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(.sqlite, slack: slack, policy: Self.policy) { team in
            let past = try await team.command("/preread", "Retro at today 07:00 <@U0BOB>")
            #expect(past.contains("has already passed"))
            let timeless = try await team.command("/preread", "Retro <@U0BOB>")
            #expect(timeless.contains("Say when the meeting is"))
            let readerless = try await team.command("/preread", "Retro at friday 10:00")
            #expect(readerless.contains("Mention who should read it"))
            // A time in another order, or a day without a time, is refused rather than read as something else.
            let reversed = try await team.command("/preread", "Retro at 3pm friday <@U0BOB>")
            #expect(reversed.contains("looks like part of it"))
            let dayAndNumber = try await team.command("/preread", "Retro at thu 3 <@U0BOB>")
            #expect(dayAndNumber.contains("looks like part of it"))
            let dayOnly = try await team.command("/preread", "Retro at friday <@U0BOB> notes")
            #expect(dayOnly.contains("names a day"))
            let stored = try await team.store.itemHistories(HistoryQuery())
            #expect(stored.isEmpty)
            // The pre-read verbs act on pre-reads only.
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            let onAnAsk = try await team.command("/preread", "read 1", user: "U0BOB")
            #expect(onAnAsk.contains("is an ask"))
            let ask = try await team.store.item(ItemID(1), in: Self.workspace)
            #expect(ask?.assignment(of: ChatUserID("U0BOB"))?.status == .open)
            // A day and a time are complete: what follows is the agenda, even when it starts with "next".
            let complete = try await team.command("/preread", "Plan at friday 15:00 next quarter's roadmap <@U0BOB>")
            #expect(complete.contains("Scheduled pre-read"))
        }
    }
}
