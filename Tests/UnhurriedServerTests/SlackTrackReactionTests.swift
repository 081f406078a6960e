import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import UnhurriedCore
import UnhurriedServer

/// The policy's track reaction (⏳ by default) on anyone's Slack message makes it an ask, through the signed events
/// route in virtual time: the message is read back from the fake Web API, and the card goes into its thread.
@Suite(.timeLimit(.minutes(1))) struct SlackTrackReactionTests {
    private let workspace = WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")
    private static let messageTS = "1795420000.000100"
    static let policy = ResponsePolicy(
        tiers: [
            ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 1)),
            ResponseTier(name: "urgent", respondWithin: PolicyDuration(seconds: 4 * 3600)),
        ],
        defaultTierName: "standard", workingHours: .standardUTC)

    private func reaction(_ name: String = "hourglass_flowing_sand", on ts: String = messageTS, by user: String) -> String {
        #"{"type":"reaction_added","user":"\#(user)","reaction":"\#(name)","item_user":"U0ALICE","item":{"type":"message","channel":"C0GENERAL","ts":"\#(ts)"},"event_ts":"1795420800.000200"}"#
    }

    @Test(arguments: TestDatabase.kinds)
    func aReactionMakesOneAskForThePeopleMentionedWithTheCardInTheMessagesThread(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        slack.write(
            "<@U0BOB> <@U0DAN|dan> can you check <https://example.com/plan|the plan> — is the date realistic? !urgent cc <@U0BOT>",
            by: "U0ALICE", in: "C0GENERAL", ts: Self.messageTS)
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            // Carol and Erin react at once, and Slack delivers Carol's event a second time.
            async let carol = team.event(reaction(by: "U0CAROL"), id: "Ev1")
            async let erin = team.event(reaction(by: "U0ERIN"), id: "Ev2")
            #expect(try await carol.status == .ok)
            #expect(try await erin.status == .ok)
            #expect(try await team.event(reaction(by: "U0CAROL"), id: "Ev1", retry: 1).status == .ok)
            try await team.tick()

            let item = try #require(try await team.store.item(ItemID(1), in: workspace))
            #expect(try await team.store.item(ItemID(2), in: workspace) == nil)
            #expect([ChatUserID("U0CAROL"), ChatUserID("U0ERIN")].contains(item.author))
            // The bot, mentioned too, is nobody an ask waits on.
            #expect(item.assignments.map(\.assignee) == [ChatUserID("U0BOB"), ChatUserID("U0DAN")])
            #expect(item.tierName == "urgent")
            #expect(item.request.hasPrefix("can you check the plan"))
            #expect(item.links == [Link(url: "https://example.com/plan", label: "the plan")])
            #expect(item.origin == ItemOrigin(messageRef: Self.messageTS, threadRef: Self.messageTS))

            let cards = slack.posts.filter { $0.idempotencyKey == "item:1:item_card" }
            #expect(cards.count == 1)
            #expect(cards.first?.threadTS == Self.messageTS)
            #expect(cards.first?.raw.contains("https://slack.com/archives/C0GENERAL/p1795420000000100") == true)
            // Whoever reacted second hears, privately, that the message was tracked already.
            #expect(slack.ephemerals.count == 1)
            #expect(slack.ephemerals.first?.raw.contains("already tracked as ask") == true)
        }
    }

    @Test func aReplyIsTrackedUnderItsThreadAndItsFollowUpsStayThere() async throws {
        let slack = FakeSlackAPI()
        slack.write("Launch plan thread", by: "U0ALICE", in: "C0GENERAL", ts: "1795420000.000001")
        slack.write("<@U0BOB> please confirm the date", by: "U0ALICE", in: "C0GENERAL", ts: Self.messageTS, threadTS: "1795420000.000001")
        try await withSlackTeam(.memory, slack: slack, policy: Self.policy) { team in
            #expect(try await team.event(reaction(by: "U0ALICE"), id: "Ev1").status == .ok)
            try await team.tick()
            let item = try #require(try await team.store.item(ItemID(1), in: workspace))
            #expect(item.origin == ItemOrigin(messageRef: Self.messageTS, threadRef: "1795420000.000001"))
            #expect(item.request == "please confirm the date")
            #expect(slack.posts.first?.threadTS == "1795420000.000001")
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func anAssigneesReplyInTheTrackedMessagesThreadIsTheirResponse(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        slack.write("<@U0BOB> <@U0DAN> can you check the plan?", by: "U0ALICE", in: "C0GENERAL", ts: Self.messageTS)
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            #expect(try await team.event(reaction(by: "U0CAROL"), id: "Ev1").status == .ok)
            try await team.tick()
            // Bob answers where the talk already is: under the message, where the card went too.
            let reply = #"{"type":"message","channel":"C0GENERAL","channel_type":"channel","user":"U0BOB","text":"on it","ts":"1795420900.000100","thread_ts":"\#(Self.messageTS)"}"#
            #expect(try await team.event(reply, id: "Ev2").status == .ok)
            let item = try #require(try await team.store.item(ItemID(1), in: workspace))
            #expect(item.assignment(of: ChatUserID("U0BOB"))?.acknowledgedAt != nil)
            #expect(item.assignment(of: ChatUserID("U0DAN"))?.acknowledgedAt == nil)
        }
    }

    @Test func aMessageThatMentionsNobodyGetsTheReactorAPrivateExplanation() async throws {
        let slack = FakeSlackAPI()
        slack.write("Who can check the plan?", by: "U0ALICE", in: "C0GENERAL", ts: Self.messageTS)
        try await withSlackTeam(.memory, slack: slack, policy: Self.policy) { team in
            #expect(try await team.event(reaction(by: "U0CAROL"), id: "Ev1").status == .ok)
            try await team.tick()
            #expect(try await team.store.item(ItemID(1), in: workspace) == nil)
            #expect(slack.posts.isEmpty)
            let notice = try #require(slack.ephemerals.first)
            #expect(slack.ephemerals.count == 1)
            #expect(notice.json["user"] as? String == "U0CAROL")
            #expect(notice.raw.contains("mentions nobody"))
        }
    }

    @Test func otherReactionsAndAnotherPolicysReactionTrackNothing() async throws {
        let slack = FakeSlackAPI()
        slack.write("<@U0BOB> check the plan", by: "U0ALICE", in: "C0GENERAL", ts: Self.messageTS)
        var eyes = Self.policy
        eyes.trackReaction = try #require(ReactionName(named: "eyes"))
        let policy = eyes
        try await withSlackTeam(.memory, slack: slack, policy: policy) { (team: SlackTeam) async throws in
            #expect(try await team.event(reaction("hourglass_flowing_sand", by: "U0CAROL"), id: "Ev1").status == .ok)
            #expect(try await team.event(reaction("thumbsup", by: "U0CAROL"), id: "Ev2").status == .ok)
            #expect(try await team.store.item(ItemID(1), in: workspace) == nil)
            #expect(try await team.event(reaction("eyes", by: "U0CAROL"), id: "Ev3").status == .ok)
            #expect(try await team.store.item(ItemID(1), in: workspace)?.assignments.map(\.assignee) == [ChatUserID("U0BOB")])
        }
    }
}
