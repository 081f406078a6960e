import Foundation
import Testing
import UnhurriedCore
import UnhurriedStorage

/// Replies, reactions and mentions through `ChatEventHandler` on an in-memory store (`InMemoryTeam`).
@Suite struct ChatEventHandlerTests {
    private let cardRef = "1795420800.000001"

    @Test func aReplyUnderTheCardByAnAssigneeAcknowledgesIt() async throws {
        let team = InMemoryTeam()
        let asked = try await team.ask("@U0BOB review the plan")
        try await team.postCard(of: asked, as: cardRef)
        team.clock.advance(by: 600)

        for (parent, user) in [(cardRef, team.dan), ("1795420000.000050", team.bob)] {
            let reply = ChatEvent.threadReply(channel: team.channel, parentRef: parent, user: user, text: "looking")
            guard case .nothing = try await team.events.handle(reply, now: team.clock.now)
            else { Issue.record("a reply by \(user) under \(parent) changed the ask"); return }
        }
        let reply = ChatEvent.threadReply(channel: team.channel, parentRef: cardRef, user: team.bob, text: "on it")
        guard case .itemChanged = try await team.events.handle(reply, now: team.clock.now) else { Issue.record("not acknowledged"); return }
        let bob = try #require(try await team.stored(asked).assignment(of: team.bob))
        #expect(bob.acknowledgedAt == team.clock.now && bob.nextFollowUpAt == nil && bob.status == .open)
    }

    /// The answer stays with the ask: what its author and assignees write under the card is in its history and `/show`.
    @Test func repliesByTheAskerAndTheAssigneesAreKeptWithTheAsk() async throws {
        let team = InMemoryTeam()
        let asked = try await team.ask("@U0BOB is the launch date realistic?")
        try await team.postCard(of: asked, as: cardRef)
        let long = String(repeating: "detail ", count: 1_000)
        for (user, text) in [(team.bob, "  Yes, if QA starts Monday.\n"), (team.dan, "+1"), (team.alice, "Thanks, booked QA."), (team.bob, " "),
                             (team.bob, long)] {
            team.clock.advance(by: 60)
            _ = try await team.events.handle(.threadReply(channel: team.channel, parentRef: cardRef, user: user, text: text), now: team.clock.now)
        }
        let history = try #require(try await team.store.itemHistories(HistoryQuery(includingOpen: true, itemID: asked.id)).first)
        let replies = history.events.filter { $0.kind == .replied }
        #expect(replies.map(\.actor) == [team.bob, team.alice, team.bob])
        #expect(replies.prefix(2).map(\.text) == ["Yes, if QA starts Monday.", "Thanks, booked QA."])
        #expect(replies.last?.text?.count == CommandGrammar.longestText && replies.last?.text?.hasSuffix("…") == true)
        // Bob's first reply was his first response; replying changes nothing else about the ask.
        #expect(history.events.map(\.kind) == [.created, .acknowledged, .replied, .replied, .replied])
        #expect(try await team.command("show", "\(asked.id.rawValue)", by: team.dan).reply.words.contains("replied · @U0BOB: Yes, if QA starts Monday."))
        // And it finds the ask again, by the words of the answer.
        let found = try await team.command("search", "QA", by: team.dan).reply.words
        #expect(found.contains("Asks and pre-reads matching “QA”") && found.contains("#1 ask, open"))
        #expect(try await team.command("search", "nothing-like-this", by: team.dan).reply.words.contains("No ask or pre-read matches"))
    }

    /// A reply to a reminder in Bob's direct conversation with the bot is his response, but what he wrote there is his
    /// and the bot's: it is not kept where the channel, a summary or a search would show it.
    @Test func aReplyInADirectConversationIsNotKept() async throws {
        let team = InMemoryTeam()
        let asked = try await team.ask("@U0BOB is the launch date realistic?")
        let dm = ChatChannel(platform: team.channel.platform, workspaceID: team.channel.workspaceID, channelID: team.bob.rawValue)
        try await team.store.queue([QueuedPost(
            idempotencyKey: IdempotencyKey(stored: "reminder:test"), channel: dm, kind: .reminder, itemID: asked.id, dueAt: team.clock.now)])
        let reminder = try #require(try await team.store.post(withKey: IdempotencyKey(stored: "reminder:test")))
        try await team.store.markSent(reminder.id, messageRef: "dm.1", at: team.clock.now)

        let reply = ChatEvent.directMessage(channel: dm, user: team.bob, text: "Between us: no.", messageRef: "dm.2", threadRef: "dm.1")
        guard case .itemChanged = try await team.events.handle(reply, now: team.clock.now) else { Issue.record("not acknowledged"); return }
        let history = try #require(try await team.store.itemHistories(HistoryQuery(includingOpen: true, itemID: asked.id)).first)
        #expect(history.events.map(\.kind) == [.created, .acknowledged])
    }

    @Test func aDoneReactionOnTheCardFinishesTheAssigneesPart() async throws {
        let team = InMemoryTeam()
        let asked = try await team.ask("@U0BOB review the plan")
        try await team.postCard(of: asked, as: cardRef)

        let reaction = ChatEvent.doneReaction(channel: team.channel, messageRef: cardRef, user: team.bob)
        guard case .itemChanged = try await team.events.handle(reaction, now: team.clock.now) else { Issue.record("not finished"); return }
        #expect(try await team.stored(asked).status == .done)
    }

    @Test func aRetriedEventRecordedInTheInboundLogHasNoSecondEffect() async throws {
        let team = InMemoryTeam()
        let mention = ChatEvent.mention(
            channel: team.channel, user: team.alice, tokens: team.tokens("ask @U0BOB review the plan"), messageRef: "1795420900.000100", threadRef: nil)
        // What the server does with each delivery of an event: handle it only the first time it is recorded.
        var handled = 0
        for _ in 0..<2 {
            guard try await team.store.recordInboundEvent("Ev1", platform: "slack", at: team.clock.now) else { continue }
            _ = try await team.events.handle(mention, now: team.clock.now)
            handled += 1
        }
        #expect(handled == 1)
        #expect(try await team.store.item(ItemID(1), in: team.workspace)?.request == "review the plan")
        #expect(try await team.store.item(ItemID(2), in: team.workspace) == nil)
        #expect(try await team.store.posts(withStatus: .pending).map(\.kind) == [.itemCard, .notice])
    }
}
