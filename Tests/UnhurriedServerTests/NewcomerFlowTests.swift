import ChatPlatforms
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

/// Through Slack's signed routes: a newcomer's one welcome DM, and `/decisions` beyond one channel, where Slack's
/// answers about channels (`conversations.info`, `conversations.members`) decide what a person may read.
@Suite(.timeLimit(.minutes(1))) struct NewcomerFlowTests {
    private static var policy: ResponsePolicy {
        var policy = FollowUpFlowTests.policy
        policy.channels["C0GENERAL"] = ChannelPolicy(welcome: true)
        return policy
    }

    private func joined(_ user: String, _ channel: String = "C0GENERAL") -> String {
        #"{"type":"member_joined_channel","user":"\#(user)","channel":"\#(channel)","channel_type":"C","team":"T0TEAM","inviter":"U0ALICE","event_ts":"1795420800.000100"}"#
    }

    @Test(arguments: TestDatabase.kinds)
    func aNewcomerIsWelcomedOnceByDMAndTheBotNever(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: Self.policy) { team in
            #expect(try await team.command("/decision", "Releases go out on Thursdays").contains("Recorded decision"))
            try await team.tick()
            let before = slack.posts.count

            #expect(try await team.event(joined("U0DAN"), id: "Ev1").status == .ok)
            #expect(try await team.event(joined("U0DAN"), id: "Ev1", retry: 1).status == .ok)
            try await team.tick()
            let welcome = try #require(slack.posts.dropFirst(before).first)
            #expect(slack.posts.count == before + 1)
            #expect(welcome.channel == "U0DAN")
            #expect(welcome.raw.contains("Releases go out on Thursdays"))
            #expect(welcome.raw.contains("/hours"))

            // Leaving and joining again weeks later, or joining a channel that does not welcome: nothing more.
            try await team.advance(to: 24 * 21)
            #expect(try await team.event(joined("U0DAN"), id: "Ev2").status == .ok)
            #expect(try await team.event(joined("U0DAN", "C0RANDOM"), id: "Ev3").status == .ok)
            // The bot's own join: the installation's user id is the bot's.
            let botJoin = #"{"type":"event_callback","team_id":"T0TEAM","api_app_id":"A0APP","event_id":"Ev4","event_time":1795420800,"authorizations":[{"user_id":"U0BOT","is_bot":true}],"event":\#(joined("U0BOT"))}"#
            #expect(try await team.signed("/slack/events", body: botJoin, contentType: "application/json").status == .ok)
            try await team.tick()
            #expect(slack.posts.count == before + 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func decisionsAreFoundInPublicChannelsAndPrivateOnesOnlyByTheirMembers(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: FollowUpFlowTests.policy) { team in
            #expect(try await team.command("/decision", "Pricing stays at 12 euros", channel: "C0GENERAL").contains("Recorded"))
            #expect(try await team.command("/decision", "Pricing page moves to March", user: "U0BOB", channel: "G0PRIVATE").contains("Recorded"))

            // Bob is in the private channel: from another channel he finds both, each with where it was made.
            let bob = try await team.command("/decisions", "pricing", user: "U0BOB", channel: "C0RANDOM")
            #expect(bob.contains("Pricing page moves to March") && bob.contains("Pricing stays at 12 euros"))
            #expect(bob.contains("<#G0PRIVATE>") && bob.contains("<#C0GENERAL>"))
            // Carol is not: the same words never show her its decision.
            let carol = try await team.command("/decisions", "pricing page March", user: "U0CAROL", channel: "C0RANDOM")
            #expect(!carol.contains("Pricing page moves to March"))
            #expect(carol.contains("Pricing stays at 12 euros"))
        }
    }
}
