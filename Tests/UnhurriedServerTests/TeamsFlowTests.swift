import ChatPlatforms
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

/// Microsoft Teams end to end in virtual time (`TeamsTeam`): activities behind a real RS256 channel token, posts and
/// card updates through the Bot Connector with an app token from the login's token endpoint.
@Suite(.timeLimit(.minutes(1))) struct TeamsFlowTests {
    /// One working day (09:00–17:00 UTC), a reminder half-way, a digest at 16:00.
    static let policy: ResponsePolicy = {
        var policy = ResponsePolicy(
            tiers: [ResponseTier(name: "standard", respondWithin: PolicyDuration(days: 1), remindAt: [.shareOfWindow(0.5)])],
            defaultTierName: "standard", workingHours: .standardUTC)
        policy.digestAt = TimeOfDay(hour: 16, minute: 0)
        return policy
    }()

    private static func connector() -> FakeBotConnector {
        FakeBotConnector(
            channels: [TeamsTeam.channel], installedFor: [TeamsTeam.alice, TeamsTeam.bob], names: TeamsTeam.names,
            tokenIsIssued: { $0.hasPrefix("app-token-") })
    }

    private static func json(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
    }

    @Test(arguments: TestDatabase.kinds)
    func asksRemindsAcknowledgesDigestsAndFinishesOnce(_ kind: TestDatabase.Kind) async throws {
        let connector = Self.connector()
        try await withTeamsTeam(kind, connector: connector, policy: Self.policy) { team in
            let asked = try await team.command(
                "ask @\(TeamsTeam.bob) review https://example.com/plan — is the date realistic?", id: "1000", mentioning: [TeamsTeam.bob])
            #expect(asked.status == .ok)
            try await team.tick()
            let card = try #require(connector.posts.first { !$0.buttons.isEmpty })
            #expect(card.conversation == TeamsTeam.channel)
            #expect(card.buttons == ["acknowledge", "done", "request_info", "snooze_hour", "snooze_tomorrow"])
            #expect(card.authorization?.hasPrefix("Bearer app-token-") == true)
            // Asked at 08:00, before Bob's day: named, not called, until 09:00.
            #expect(card.text.contains("**Bob Smith**") && card.mentioned.isEmpty)
            #expect(card.text.contains("[https://example.com/plan](https://example.com/plan)"))
            let answer = try #require(connector.posts.first { $0.buttons.isEmpty })
            #expect(answer.conversation == "\(TeamsTeam.channel);messageid=1000")
            #expect(answer.text.contains("Recorded ask"))

            try await team.advance(to: 1)
            let calls = connector.posts.suffix(2)
            #expect(Set(calls.map(\.conversation)) == ["\(TeamsTeam.channel);messageid=\(card.id)", try #require(connector.chat(with: TeamsTeam.bob))])
            #expect(calls.allSatisfy { $0.mentioned == [TeamsTeam.bob] && $0.text.contains("<at>Bob Smith</at>") })

            try await team.advance(to: 5)
            #expect(connector.posts.count == 6)

            // Bob answers in the card's thread: his part is acknowledged and the card says so.
            let reply = team.message("On it", id: "2000", from: TeamsTeam.bob, conversation: "\(TeamsTeam.channel);messageid=\(card.id)")
            #expect(try await team.send(reply).status == .ok)
            // Teams sends an activity again when its answer was slow: no second effect.
            #expect(try await team.send(reply).status == .ok)
            try await team.tick()
            #expect(connector.updates.count == 1)
            #expect(connector.updates.first?.id == card.id)
            #expect(connector.updates.first?.conversation == "\(TeamsTeam.channel);messageid=\(card.id)")
            #expect(connector.updates.first?.text.contains("acknowledged") == true)

            try await team.advance(to: 8)
            let digest = try #require(connector.posts.last)
            #expect(digest.conversation == TeamsTeam.channel && digest.buttons.isEmpty && digest.text.contains("review"))

            // Done, by the card's button: Teams shows the changed card at once.
            let done = try await team.press("done", by: TeamsTeam.bob, on: card.id)
            #expect(done.status == .ok)
            let changed = Self.json(done)
            #expect(changed["statusCode"] as? Int == 200 && changed["type"] as? String == "application/vnd.microsoft.card.adaptive")
            let blocks = try #require((changed["value"] as? [String: Any])?["body"] as? [[String: Any]])
            #expect(!blocks.contains { $0["type"] as? String == "ActionSet" })
            let item = try #require(try await team.store.item(ItemID(1), in: WorkspaceRef(platform: "teams", workspaceID: TeamsTeam.tenant)))
            #expect(item.status == .done)
            // Pressing again changes nothing; the answer says so to Bob alone.
            let again = Self.json(try await team.press("done", by: TeamsTeam.bob, on: card.id))
            #expect(again["type"] as? String == "application/vnd.microsoft.activity.message")
            try await team.advance(to: 24 * 7)
        }
        #expect(connector.posts.count == 7)
        #expect(connector.updates.count == 2)
    }

    @Test(arguments: TestDatabase.kinds)
    func aZoneReportedLaterCountsForTheNextAsk(_ kind: TestDatabase.Kind) async throws {
        let connector = Self.connector()
        try await withTeamsTeam(kind, connector: connector, policy: Self.policy) { team in
            let workspace = WorkspaceRef(platform: "teams", workspaceID: TeamsTeam.tenant)
            func due(_ item: Int64) async throws -> Date? {
                try await team.store.item(ItemID(item), in: workspace)?.assignments.first?.dueAt
            }
            // Bob has never written to the bot: his first ask counts in the team's zone (UTC), due Mon 17:00.
            let first = try await team.command("ask @\(TeamsTeam.bob) check the numbers — final?", id: "1000", mentioning: [TeamsTeam.bob])
            #expect(first.status == .ok)
            #expect(try await due(1) == SlackTeam.monday.addingTimeInterval(9 * 3600))
            let hello = team.message("inbox", id: "50", from: TeamsTeam.bob, conversation: "a:1bob", type: "personal", zone: "America/Los_Angeles")
            #expect(try await team.send(hello).status == .ok)
            // Then his Teams reports Los Angeles: the next ask counts from his 09:00 there, Tue 01:00 UTC at its end.
            let second = try await team.command("ask @\(TeamsTeam.bob) and the plan — ok?", id: "1001", mentioning: [TeamsTeam.bob])
            #expect(second.status == .ok)
            #expect(try await due(2) == SlackTeam.monday.addingTimeInterval(17 * 3600))
        }
    }

    @Test func refusesRequestsWhoseTokenDoesNotVerifyBeforeReadingThem() async throws {
        let connector = Self.connector()
        try await withTeamsTeam(.memory, connector: connector, policy: Self.policy) { team in
            let ask = team.message(
                "<at>Unhurried</at> ask <at>Bob Smith</at> review it", id: "1000", mentions: [TeamsTeam.bot, TeamsTeam.bob])
            let stranger = try TeamsChannelTokens(keyID: "not-published")
            let forgeries = [
                "",
                "Basic dXNlcjpwYXNz",
                try await stranger.authorization(serviceURL: team.serviceURL, now: team.clock.now),
                // Signed by the Bot Framework for another conversation's service: the body's serviceUrl is not the token's.
                try await team.tokens.authorization(serviceURL: "https://smba.trafficmanager.net/emea/", now: team.clock.now),
                try await team.tokens.authorization(serviceURL: team.serviceURL, appID: "another-bot", now: team.clock.now),
            ]
            for forged in forgeries {
                let refused = try await team.send(ask, authorization: forged)
                #expect(refused.status == .unauthorized)
                #expect(refused.body.readableBytes == 0)
            }
            #expect(try await team.store.item(ItemID(1), in: WorkspaceRef(platform: "teams", workspaceID: TeamsTeam.tenant)) == nil)
            #expect(try await team.send(ask).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aLikeOnAReminderInTheChatFinishesAndTheZoneComesFromTheClient(_ kind: TestDatabase.Kind) async throws {
        let connector = Self.connector()
        try await withTeamsTeam(kind, connector: connector, policy: Self.policy) { team in
            // Bob's Teams reported Los Angeles when he last wrote to the bot: his day starts at 17:00 UTC.
            let hello = team.message("inbox", id: "50", from: TeamsTeam.bob, conversation: "a:1bob", type: "personal", zone: "America/Los_Angeles")
            #expect(try await team.send(hello).status == .ok)
            #expect(try await team.command("ask @\(TeamsTeam.bob) check the numbers — are they final?", id: "1000", mentioning: [TeamsTeam.bob]).status == .ok)
            let item = try #require(try await team.store.item(ItemID(1), in: WorkspaceRef(platform: "teams", workspaceID: TeamsTeam.tenant)))
            // One working day from 09:00 Los Angeles (17:00 UTC) Monday ends at 17:00 Los Angeles: Tue 01:00 UTC.
            #expect(item.assignments.first?.dueAt == SlackTeam.monday.addingTimeInterval(17 * 3600))
            try await team.advance(to: 9)
            // His chat with the bot, as his own message named it: Teams opens no new one.
            let chat = "a:1bob"
            #expect(connector.chat(with: TeamsTeam.bob) == nil)
            let call = try #require(connector.posts.last { $0.conversation == chat && $0.text.contains("<at>Bob Smith</at>") })
            #expect(try await team.react("heart", by: TeamsTeam.bob, to: call.id, in: chat, type: "personal").status == .ok)
            #expect(try await team.store.item(ItemID(1), in: item.channel.workspace)?.status == .open)
            #expect(try await team.react("like", by: TeamsTeam.bob, to: call.id, in: chat, type: "personal").status == .ok)
            #expect(try await team.store.item(ItemID(1), in: item.channel.workspace)?.status == .done)
        }
    }

    @Test func postsOnceThroughServerErrorsAndKeepsWhatItCannotDeliver() async throws {
        let connector = FakeBotConnector(channels: [TeamsTeam.channel], names: TeamsTeam.names, tokenIsIssued: { $0.hasPrefix("app-token-") })
        connector.failNext([.serverError, .serverError])
        try await withTeamsTeam(.sqlite, connector: connector, policy: Self.policy) { team in
            #expect(try await team.command("ask @\(TeamsTeam.bob) review it — ok?", id: "1000", mentioning: [TeamsTeam.bob]).status == .ok)
            for _ in 0..<5 {
                try await team.tick()
                team.clock.advance(by: 30)
            }
            #expect(connector.posts.filter { !$0.buttons.isEmpty }.count == 1)
            // Bob never installed the app for himself: Teams will not open a chat with him, and the post is kept as dead.
            try await team.advance(to: 1)
            let dead = try await team.store.posts(withStatus: .dead)
            #expect(dead.count == 1)
            #expect(dead.first?.lastError?.contains("BotNotInConversationRoster") == true)
        }
    }

    /// A reminder (or a daily nudge listing several asks) is not the card: a press there leaves it as it is, and says
    /// what it did; the card itself is updated through the Bot Connector.
    @Test func aPressOnAReminderLeavesTheReminderAndSaysWhatItDid() async throws {
        let connector = Self.connector()
        try await withTeamsTeam(.memory, connector: connector, policy: Self.policy) { team in
            #expect(try await team.command("ask @\(TeamsTeam.bob) review it — ok?", id: "1000", mentioning: [TeamsTeam.bob]).status == .ok)
            try await team.advance(to: 1)
            let chat = try #require(connector.chat(with: TeamsTeam.bob))
            let call = try #require(connector.posts.last { $0.conversation == chat })
            #expect(call.buttons.contains("done"))
            let answer = Self.json(try await team.press("done", by: TeamsTeam.bob, on: call.id, in: chat))
            #expect(answer["type"] as? String == "application/vnd.microsoft.activity.message")
            #expect(answer["value"] as? String == "Marked #1 done. Everyone's part is finished.")
            // After the channel's slot: the first call went into the card's thread a moment ago.
            team.clock.advance(by: 5)
            try await team.tick()
            let card = try #require(connector.posts.first { $0.conversation == TeamsTeam.channel })
            #expect(connector.updates.map(\.id) == [card.id])
        }
    }

    @Test func getsANewAppTokenWhenTheBotConnectorRefusesTheOldOne() async throws {
        let connector = Self.connector()
        try await withTeamsTeam(.memory, connector: connector, policy: Self.policy) { team in
            #expect(try await team.command("ask @\(TeamsTeam.bob) review it — ok?", id: "1000", mentioning: [TeamsTeam.bob]).status == .ok)
            try await team.tick()
            let first = try #require(connector.posts.first?.authorization)
            connector.revoke(String(first.dropFirst("Bearer ".count)))
            // Past the channel's burst of posts, so nothing waits for a slot.
            team.clock.advance(by: 10)
            #expect(try await team.command("ask @\(TeamsTeam.bob) and this — ok?", id: "1001", mentioning: [TeamsTeam.bob]).status == .ok)
            try await team.tick()
            #expect(connector.posts.count == 4)
            #expect(connector.posts.suffix(2).allSatisfy { $0.authorization != first })
            #expect(try await team.store.posts(withStatus: .sent).count == 4)
        }
    }

    /// The Bot Connector cannot be asked whether a post arrived: after an answer that was lost, the post is made again,
    /// so it is never lost and at worst shown twice (the README says so), and the later one is the one kept.
    @Test func postsAgainAfterAnOutcomeItCannotKnow() async throws {
        let connector = Self.connector()
        connector.failNext([.acceptThenServerError])
        try await withTeamsTeam(.sqlite, connector: connector, policy: Self.policy) { team in
            #expect(try await team.command("ask @\(TeamsTeam.bob) review it — ok?", id: "1000", mentioning: [TeamsTeam.bob]).status == .ok)
            for _ in 0..<5 {
                try await team.tick()
                team.clock.advance(by: 30)
            }
            let cards = connector.posts.filter { !$0.buttons.isEmpty }
            #expect(cards.count == 2)
            let kept = try #require(try await team.store.post(withKey: .card(of: ItemID(1))))
            #expect(kept.status == .sent && kept.messageRef == cards.last?.id)
        }
    }

    @Test func aCommandInTheBotsChatIsAnsweredThere() async throws {
        let connector = Self.connector()
        try await withTeamsTeam(.memory, connector: connector, policy: Self.policy) { team in
            #expect(try await team.send(team.message("help", id: "70", conversation: "a:1alice", type: "personal")).status == .ok)
            try await team.tick()
            let answer = try #require(connector.posts.first)
            #expect(answer.conversation == "a:1alice")
            #expect(answer.text.contains("**ask"))
        }
    }
}
