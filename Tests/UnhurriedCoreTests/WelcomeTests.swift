import Foundation
import Testing
import UnhurriedCore
import UnhurriedStorage

/// A newcomer to a channel whose policy says `welcome: on` gets one DM about how the channel works.
@Suite struct WelcomeTests {
    private func welcoming(_ channelWelcome: Bool?, team teamWelcome: Bool = false) -> InMemoryTeam {
        var policy = ResponsePolicy.builtIn
        policy.welcome = teamWelcome
        policy.tiers[0].means = "customer down or a release blocked"
        if let channelWelcome { policy.channels["C1"] = ChannelPolicy(welcome: channelWelcome) }
        var team = InMemoryTeam()
        team.policy = LivePolicy(policy)
        return team
    }

    private func welcomes(in team: InMemoryTeam) async throws -> [OutboxPost] {
        try await team.store.posts(withStatus: .pending).filter { $0.idempotencyKey.rawValue.hasPrefix("welcome:") }
    }

    @Test func aNewcomerGetsOneDMWithThePolicyTheirHoursAGoodAskAndTheLatestDecisions() async throws {
        let team = welcoming(true)
        for number in 1...6 { _ = try await team.command("decision", "decision number \(number)", by: team.alice) }
        try await team.store.saveHours(PersonalSettings(timeZoneName: "Europe/Berlin"), of: team.dan, in: team.workspace)

        guard case .welcomeQueued = try await team.events.handle(.joined(channel: team.channel, user: team.dan), now: team.clock.now) else {
            Issue.record("no welcome")
            return
        }
        let welcome = try #require(try await welcomes(in: team).first)
        #expect(welcome.channel == ChatChannel(platform: "slack", workspaceID: "T1", channelID: team.dan.rawValue))
        let text = try #require(welcome.queued.body).words
        #expect(text.contains("customer down or a release blocked"))  // the tier's `means`, as /policy shows it
        #expect(text.contains("Europe/Berlin"))  // their own hours as Unhurried counts them
        #expect(text.contains("hours mon-thu"))  // how to change them
        #expect(text.contains("ask @ana Review"))
        for number in 2...6 { #expect(text.contains("decision number \(number)")) }
        #expect(!text.contains("decision number 1"))  // five, the latest
    }

    @Test func joiningAgainOrADeliveredTwiceJoinSendsNothingMore() async throws {
        let team = welcoming(true)
        let join = ChatEvent.joined(channel: team.channel, user: team.dan)
        guard case .welcomeQueued = try await team.events.handle(join, now: team.clock.now) else { Issue.record("no welcome"); return }
        team.clock.advance(by: 30 * 86_400)
        guard case .nothing = try await team.events.handle(join, now: team.clock.now) else { Issue.record("welcomed twice"); return }
        #expect(try await welcomes(in: team).count == 1)
        // Another channel is another welcome.
        let other = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C2")
        var policy = team.policy.current
        policy.channels["C2"] = ChannelPolicy(welcome: true)
        team.policy.replace(with: policy)
        guard case .welcomeQueued = try await team.events.handle(.joined(channel: other, user: team.dan), now: team.clock.now) else {
            Issue.record("no welcome to the second channel")
            return
        }
    }

    @Test func theChannelsSettingComesBeforeTheTeamsAndOffSendsNothing() async throws {
        for (channel, teamWide, expected) in [(Bool?.none, false, false), (nil, true, true), (false, true, false), (true, false, true)] {
            let team = welcoming(channel, team: teamWide)
            let join = ChatEvent.joined(channel: team.channel, user: team.dan)
            #expect(try await team.events.concernsAnItem(join) == expected)
            _ = try await team.events.handle(join, now: team.clock.now)
            #expect(try await welcomes(in: team).count == (expected ? 1 : 0), "channel \(String(describing: channel)), team \(teamWide)")
        }
    }

    @Test func joiningAConversationWithTheBotIsNoChannelToWelcomeTo() async throws {
        let team = welcoming(nil, team: true)
        let direct = ChatChannel(platform: "slack", workspaceID: "T1", channelID: team.dan.rawValue)
        guard case .nothing = try await team.events.handle(.joined(channel: direct, user: team.dan), now: team.clock.now) else {
            Issue.record("welcomed to a DM")
            return
        }
    }
}
