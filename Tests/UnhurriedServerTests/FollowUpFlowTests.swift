import ChatPlatforms
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

/// The follow-up loop through the real HTTP paths in virtual time (`SlackTeam`).
@Suite(.timeLimit(.minutes(1))) struct FollowUpFlowTests {
    /// One working day (09:00–17:00 UTC), a reminder half-way, escalation to #leads two working hours late.
    static let policy = ResponsePolicy(
        tiers: [ResponseTier(
            name: "standard", respondWithin: PolicyDuration(days: 1), remindAt: [.shareOfWindow(0.5)],
            escalateAfter: PolicyDuration(seconds: 7200), escalateTo: "C0LEADS")],
        defaultTierName: "standard", workingHours: .standardUTC)

    @Test(arguments: TestDatabase.kinds)
    func remindsThenNoticesThenEscalatesAtTheRightInstantsOnce(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            try await team.tick()
            let card = try #require(slack.posts.first)
            #expect(card.idempotencyKey == "item:1:item_card")
            // Asked at 08:00, before Bob's day: the card names him without calling him, and he is called at 09:00.
            #expect(card.raw.contains("*U0BOB*") && !card.raw.contains("<@U0BOB>"))
            try await team.advance(to: 0.99)
            #expect(slack.posts.count == 1)
            try await team.advance(to: 1)
            let calls = Array(slack.posts.dropFirst())
            #expect(calls.map(\.idempotencyKey) == ["item:1:U0BOB:first-call:thread", "item:1:U0BOB:first-call:dm"])
            #expect(calls.allSatisfy { $0.raw.contains("<@U0BOB>") && $0.raw.contains("came outside your working hours") })
            #expect(calls[0].threadTS == "1795420800.000001")

            // Due Mon 17:00 (one working day from 09:00); the reminder half-way, at 13:00.
            try await team.advance(to: 4.99)
            #expect(slack.posts.count == 3)
            try await team.advance(to: 5)
            let reminders = Array(slack.posts.dropFirst(3))
            #expect(reminders.map(\.idempotencyKey) == ["item:1:U0BOB:reminder-1:thread", "item:1:U0BOB:reminder-1:dm"])
            #expect(reminders[0].channel == "C0GENERAL")
            #expect(reminders[0].threadTS == "1795420800.000001")
            #expect(reminders[1].channel == "U0BOB")
            #expect(reminders[1].threadTS == nil)
            try await team.tick()
            #expect(slack.posts.count == 5)

            // The deadline falls on the end of Bob's day: the notice waits for the start of his next one.
            try await team.advance(to: 24.99)
            #expect(slack.posts.count == 5)
            try await team.advance(to: 25)
            #expect(slack.posts.suffix(2).map(\.idempotencyKey) == ["item:1:U0BOB:overdue:thread", "item:1:U0BOB:overdue:dm"])
            // Two working hours past the deadline is Tue 11:00, not Mon 19:00.
            try await team.advance(to: 26.99)
            #expect(slack.posts.count == 7)
            try await team.advance(to: 27)
            let escalation = try #require(slack.posts.last)
            #expect(escalation.idempotencyKey == "item:1:U0BOB:escalation")
            #expect(escalation.channel == "C0LEADS")
            try await team.advance(to: 24 * 7)
        }
        #expect(slack.posts.count == 8)
        #expect(Set(slack.posts.compactMap(\.idempotencyKey)).count == 8)
    }

    @Test(arguments: TestDatabase.kinds)
    func aThreadReplyByTheAssigneeStopsFollowUpsAndUpdatesTheCard(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            // He answers at 08:30, before his day starts: the call it would have brought is not sent either.
            try await team.advance(to: 0.5)
            #expect(slack.posts.count == 1)
            let cardTS = "1795420800.000001"
            let reply = #"{"type":"message","channel":"C0GENERAL","user":"U0BOB","text":"On it","ts":"1795430000.000200","thread_ts":"\#(cardTS)"}"#
            #expect(try await team.event(reply, id: "Ev0REPLY").status == .ok)
            // Slack's retry of the same event has no second effect.
            #expect(try await team.event(reply, id: "Ev0REPLY", retry: 1).status == .ok)
            // A reply by someone with no part in the ask changes nothing.
            let other = #"{"type":"message","channel":"C0GENERAL","user":"U0CAROL","text":"+1","ts":"1795430000.000300","thread_ts":"\#(cardTS)"}"#
            #expect(try await team.event(other, id: "Ev0OTHER").status == .ok)
            // A reply in some other thread is not about Unhurried: nothing is written for it, not even its id.
            let elsewhere = #"{"type":"message","channel":"C0GENERAL","user":"U0BOB","text":"lunch?","ts":"1795430000.000400","thread_ts":"1795400000.000001"}"#
            #expect(try await team.event(elsewhere, id: "Ev0ELSEWHERE").status == .ok)
            #expect(try await team.store.recordInboundEvent("Ev0ELSEWHERE", platform: "slack", at: team.clock.now))
            #expect(try await team.store.recordInboundEvent("Ev0REPLY", platform: "slack", at: team.clock.now) == false)
            try await team.tick()
            let item = try #require(try await team.store.item(ItemID(1), in: WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")))
            #expect(item.assignment(of: ChatUserID("U0BOB"))?.acknowledgedAt == team.clock.now)
            try await team.advance(to: 24 * 7)
        }
        #expect(slack.posts.count == 1)
        #expect(slack.updates.count == 1)
        #expect(slack.updates.first?.raw.contains("acknowledged") == true)
        #expect(slack.updates.first?.json["ts"] as? String == "1795420800.000001")
    }

    @Test(arguments: TestDatabase.kinds)
    func buttonsAcknowledgeSnoozeAndFinish(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            try await team.ask("<@U0BOB> <@U0DAN> review https://example.com/plan — is the date realistic?")
            try await team.tick()
            // Bob snoozes until tomorrow: his 13:00 reminder and 17:00 notice wait for Tue 09:00; Dan's do not.
            #expect(try await team.press(#"{"type":"overflow","action_id":"snooze","block_id":"item_1","selected_option":{"value":"snooze_tomorrow:1"}}"#, user: "U0BOB").status == .ok)
            try await team.advance(to: 5)
            #expect(slack.posts.dropFirst().map(\.idempotencyKey) == ["item:1:U0DAN:reminder-1:thread", "item:1:U0DAN:reminder-1:dm"])
            #expect(try await team.press(#"{"type":"button","action_id":"done","block_id":"item_1","value":"1"}"#, user: "U0DAN").status == .ok)
            // Someone with no part in it presses Done: nothing changes.
            #expect(try await team.press(#"{"type":"button","action_id":"done","block_id":"item_1","value":"1"}"#, user: "U0CAROL").status == .ok)
            try await team.advance(to: 24.99)
            #expect(slack.posts.count == 3)
            try await team.advance(to: 25)
            #expect(slack.posts.suffix(2).map(\.idempotencyKey) == ["item:1:U0BOB:overdue:thread", "item:1:U0BOB:overdue:dm"])
            #expect(try await team.press(#"{"type":"button","action_id":"acknowledge","block_id":"item_1","value":"1"}"#, user: "U0BOB").status == .ok)
            try await team.advance(to: 24 * 7)
            let item = try #require(try await team.store.item(ItemID(1), in: WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")))
            #expect(item.status == .open)
            #expect(item.assignment(of: ChatUserID("U0DAN"))?.status == .done)
            #expect(item.assignment(of: ChatUserID("U0BOB"))?.acknowledgedAt != nil)
        }
        // Bob's reminder fell inside his snooze and is covered by the later notice; no escalation after his ack.
        #expect(slack.posts.count == 5)
        #expect(slack.updates.count >= 1)
        // Carol's press changed nothing; she alone is told why.
        #expect(slack.ephemerals.map(\.channel) == ["C0GENERAL"])
        #expect(slack.ephemerals.first?.json["user"] as? String == "U0CAROL")
        #expect(slack.ephemerals.first?.raw.contains("You can't mark #1 done: only the person who asked or an assignee can.") == true)
    }

    /// Nothing in memory survives a restart.
    @Test(arguments: TestDatabase.sqlKinds)
    func aRestartBetweenPlanningAndDeliveryNeitherLosesNorRepeatsAPost(_ kind: TestDatabase.Kind) async throws {
        let database = try await TestDatabase.make(kind)
        let store = try await database.open()
        let clock = VirtualClock(testStart)
        let before = FakeSlackAPI()
        try await withSlackTeam(slack: before, store: store, clock: clock, policy: Self.policy) { team in
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            try await team.tick()
            team.clock.advance(by: 5 * 3600)
            // The scheduler queues the reminder; the process stops before delivering it.
            try await team.scheduler.queueDueFollowUps(now: team.clock.now)
        }
        try await store.close()
        #expect(before.posts.count == 1)

        let reopened = try await database.open()
        let after = FakeSlackAPI()
        try await withSlackTeam(slack: after, store: reopened, clock: clock, policy: Self.policy) { team in
            try await team.tick()
            try await team.tick()
            try await team.advance(to: 25)
        }
        try await reopened.close()
        await database.remove()
        #expect(after.posts.map(\.idempotencyKey) == [
            "item:1:U0BOB:reminder-1:thread", "item:1:U0BOB:reminder-1:dm", "item:1:U0BOB:overdue:thread", "item:1:U0BOB:overdue:dm",
        ])
    }

    @Test(arguments: TestDatabase.kinds)
    func retriesThroughRateLimitsAndServerErrorsAndPostsEachFollowUpOnce(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI(script: [
            .rateLimited(retryAfterSeconds: 2), .serverError, .rateLimited(retryAfterSeconds: 1), .serverError, .slackError("internal_error"),
        ])
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            for second in 0..<40 {
                try await team.advance(to: 5 + Double(second) / 3600)
            }
            try await team.advance(to: 24 * 7)
        }
        #expect(slack.posts.count == 6)
        #expect(Set(slack.posts.compactMap(\.idempotencyKey)) == [
            "item:1:item_card", "item:1:U0BOB:reminder-1:thread", "item:1:U0BOB:reminder-1:dm",
            "item:1:U0BOB:overdue:thread", "item:1:U0BOB:overdue:dm", "item:1:U0BOB:escalation",
        ])
    }

    @Test(arguments: TestDatabase.kinds)
    func aPostSlackTookBeforeTheConnectionDroppedIsNotPostedAgain(_ kind: TestDatabase.Kind) async throws {
        // The card reaches Slack, but the answer is lost (500 after processing).
        let slack = FakeSlackAPI(script: [.acceptThenServerError])
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            try await team.tick()
            let uncertain = try #require(try await team.store.posts(withStatus: .pending).first)
            #expect(uncertain.inFlightSince == team.clock.now)
            try await team.advance(to: 0.01)
            #expect(try await team.store.posts(withStatus: .sent).map(\.messageRef) == ["1795420800.000001"])
            try await team.advance(to: 5)
        }
        #expect(slack.posts.map(\.idempotencyKey) == ["item:1:item_card", "item:1:U0BOB:reminder-1:thread", "item:1:U0BOB:reminder-1:dm"])
    }

    @Test(arguments: TestDatabase.kinds)
    func aCrashBetweenSlacksAnswerAndRecordingItIsRecoveredFromTheChannelHistory(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            let card = try #require(try await team.store.posts(withStatus: .pending).first)
            // The state a kill -9 leaves: the attempt was marked, Slack took the post, its ts was never recorded.
            try await team.store.markInFlight([card.id], at: team.clock.now)
            let itemID = try #require(card.itemID)
            let item = try #require(try await team.store.item(itemID, in: card.channel.workspace))
            _ = try await team.slack.post(MessageComposer.itemCard(item), to: card.channel, inThreadOf: nil, idempotencyKey: card.idempotencyKey.rawValue)
            team.clock.advance(by: 60)
            try await team.tick()
            let sent = try await team.store.posts(withStatus: .sent)
            #expect(sent.map(\.messageRef) == ["1795420800.000001"])
        }
        #expect(slack.posts.count == 1)
    }

    @Test(arguments: TestDatabase.kinds)
    func postsEachChannelsDigestOnceOnWorkingDaysAndNothingWhenThereIsNothingToSay(_ kind: TestDatabase.Kind) async throws {
        var policy = Self.policy
        policy.digestAt = TimeOfDay(hour: 9, minute: 30)
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: policy) { team in
            // Monday 09:30: no asks anywhere yet, so no digest.
            try await team.advance(to: 1.5)
            #expect(slack.posts.isEmpty)
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            try await team.tick()
            let reply = #"{"type":"message","channel":"C0GENERAL","user":"U0BOB","text":"On it","ts":"1795440000.000200","thread_ts":"1795420800.000001"}"#
            team.clock.advance(by: 2 * 3600)  // Bob answers at 11:30, two working hours after 09:30
            #expect(try await team.event(reply, id: "Ev0BOB").status == .ok)
            // Tuesday 09:30: the digest lists Bob's acknowledged ask and Monday's figures; a second tick adds nothing.
            try await team.advance(to: 25.5)
            try await team.advance(to: 25.6)
            let digests = slack.posts.filter { $0.idempotencyKey?.hasPrefix("digest:") == true }
            #expect(digests.map(\.idempotencyKey) == ["digest:slack:T0TEAM:C0GENERAL:2026-11-24"])
            let raw = try #require(digests.first?.raw)
            #expect(raw.contains("Open, by deadline (1)"))
            #expect(raw.contains("(acknowledged)"))
            #expect(raw.contains("2026-11-23*: 1 first response, median 2h of working time, 100% within the expected time."))
            // Wednesday to Friday one each; Saturday and Sunday none.
            for day in 2...6 { try await team.advance(to: 24 * Double(day) + 1.5) }
            #expect(slack.posts.filter { $0.idempotencyKey?.hasPrefix("digest:") == true }.count == 4)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anAskMadeByMentioningTheBotInAThreadIsAnsweredThereOnce(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            let mention = #"{"type":"app_mention","user":"U0ALICE","channel":"C0GENERAL","text":"<@U0BOT> ask <@U0BOB> review https://example.com/plan — is the date realistic?","ts":"1795420900.000100","thread_ts":"1795420000.000050"}"#
            let body = #"{"type":"event_callback","team_id":"T0TEAM","event_id":"Ev0MENTION","event_time":1795420900,"authorizations":[{"user_id":"U0BOT"}],"event":\#(mention)}"#
            #expect(try await team.signed("/slack/events", body: body, contentType: "application/json").status == .ok)
            // Slack's retry of the same event: no second ask, no second answer.
            #expect(try await team.signed("/slack/events", body: body, contentType: "application/json", retry: 1).status == .ok)
            try await team.tick()
            let item = try #require(try await team.store.item(ItemID(1), in: WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")))
            #expect(item.author == ChatUserID("U0ALICE"))
            #expect(item.assignments.map(\.assignee) == [ChatUserID("U0BOB")])
            #expect(try await team.store.item(ItemID(2), in: WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")) == nil)
        }
        let notice = try #require(slack.posts.first { $0.idempotencyKey?.hasPrefix("notice:") == true })
        #expect(notice.threadTS == "1795420000.000050")
        #expect(notice.raw.contains("Recorded ask *#1*"))
        #expect(slack.posts.filter { $0.idempotencyKey == "item:1:item_card" }.count == 1)
        #expect(slack.posts.count == 2)
    }
}
