import Foundation
import Testing
import UnhurriedCore
import UnhurriedStorage

/// Asking the asker for more (`clarify`, the Need more info button) and the asker's answer in the thread, on an
/// in-memory store (`InMemoryTeam`: Monday 08:00 UTC, everyone's hours 09:00–17:00 UTC).
@Suite struct InfoRequestTests {
    private let cardRef = "1795420800.000001"

    private func calls(in team: InMemoryTeam) async throws -> [OutboxPost] {
        try await team.store.posts(withStatus: .pending).filter { $0.kind == .threadCall }
    }

    @Test func theAskerIsCalledInTheirHoursAndTheAnswerCallsBackWhoAsked() async throws {
        let team = InMemoryTeam()
        let asked = try await team.ask("@U0BOB @U0CAROL review the deck https://example.com/deck by friday")
        try await team.postCard(of: asked, as: cardRef)
        team.clock.advance(by: 600)
        let askedAt = team.clock.now

        let reply = try await team.command("clarify", "\(asked.id.rawValue) which deck do you mean?", by: team.bob).reply
        #expect(reply.words.contains("Asked @U0ALICE for more on #1 in its thread: they are called there"))
        #expect(reply.words.hasSuffix("Your reminders for #1 stop."))
        #expect(!reply.callsPeopleNamed)
        let bob = try #require(try await team.stored(asked).assignment(of: team.bob))
        #expect(bob.infoRequestedAt == askedAt && bob.acknowledgedAt == askedAt && bob.nextFollowUpAt == nil)
        // Alice's day starts at 09:00: she is called then, under the card, and Bob is only named.
        let call = try #require(try await calls(in: team).first)
        #expect(call.idempotencyKey == .infoRequest(on: asked.id, by: team.bob, at: askedAt))
        #expect(call.queued.subject == team.alice && call.queued.replyInThread && call.nextAttemptAt == askedAt.addingTimeInterval(3000))
        let delivery = ItemDelivery.decide(call.queued, about: try await team.stored(asked), card: .posted(messageRef: cardRef), now: call.nextAttemptAt)
        guard case .post(let message, let thread, _)? = delivery else { Issue.record("not posted: \(String(describing: delivery))"); return }
        #expect(thread == cardRef && message.namedOnly == [team.bob] && message.callsPeopleNamed)
        #expect(message.words == "@U0ALICE, @U0BOB needs more from you to answer ask #1:\nwhich deck do you mean?\nReply in this thread: they are told when you do.")

        // The card, Bob's inbox and Alice's sent list say who waits on whom; the button again changes nothing.
        #expect(MessageComposer.itemCard(try await team.stored(asked)).words.contains("@U0BOB asked for more · due"))
        #expect(try await team.command("inbox", by: team.bob).reply.words.contains("from @U0ALICE (you asked them for more)"))
        #expect(try await team.command("sent", by: team.alice).reply.words.contains("@U0BOB needs more from you, due"))
        let press = ItemButtonPress(action: .requestInfo, itemID: asked.id, user: team.bob, workspace: team.workspace)
        let (again, change) = try await team.responses.respond(to: press, now: team.clock.now)
        guard case .unchanged = again else { Issue.record("pressed again: \(again)"); return }
        #expect(MessageComposer.response(again, to: change, by: team.bob).words.contains("You asked @U0ALICE for more on #1 already"))
        #expect(try await calls(in: team).count == 1)

        // Alice answers under the card at 09:30, in Bob's hours: he is called back at once; Carol asked nothing.
        team.clock.advance(by: 4800)
        let answer = ChatEvent.threadReply(channel: team.channel, parentRef: cardRef, user: team.alice, text: "The Q3 one, linked above.")
        guard case .itemChanged(let answered) = try await team.events.handle(answer, now: team.clock.now) else { Issue.record("no answer"); return }
        #expect(answered.assignment(of: team.bob)?.infoRequestedAt == nil)
        let back = try #require(try await calls(in: team).first { $0.queued.subject == team.bob })
        #expect(back.idempotencyKey == .infoAnswer(on: asked.id, to: team.bob, requestedAt: askedAt) && back.nextAttemptAt == team.clock.now)
        #expect(try #require(back.queued.body).words.hasPrefix("@U0BOB, @U0ALICE answered in this thread what you asked about ask #1. It is due"))
        #expect(try await calls(in: team).count == 2)

        // Her next reply is a reply like any other; `/show` has the request and the answer.
        team.clock.advance(by: 60)
        _ = try await team.events.handle(.threadReply(channel: team.channel, parentRef: cardRef, user: team.alice, text: "Slide 4."), now: team.clock.now)
        #expect(try await calls(in: team).count == 2)
        let history = try #require(try await team.store.itemHistories(HistoryQuery(includingOpen: true, itemID: asked.id)).first)
        #expect(history.events.map(\.kind) == [.created, .infoRequested, .replied, .replied])
        let shown = try await team.command("show", "\(asked.id.rawValue)", by: team.bob).reply.words
        #expect(shown.contains("asked for more · @U0BOB: which deck do you mean?") && shown.contains("replied · @U0ALICE: The Q3 one, linked above."))
    }

    /// Pressed without a question, the call says Bob will say what in the thread, and Bob is told to; a question typed
    /// afterwards is a request of its own.
    @Test func theButtonAsksWithoutAQuestionAndATypedOneStillGoesOut() async throws {
        let team = InMemoryTeam()
        let asked = try await team.ask("@U0BOB review the plan https://example.com/plan by friday")
        team.clock.advance(by: 3600)
        let press = ItemButtonPress(action: .requestInfo, itemID: asked.id, user: team.bob, workspace: team.workspace)
        let (outcome, change) = try await team.responses.respond(to: press, now: team.clock.now)
        #expect(MessageComposer.response(outcome, to: change, by: team.bob).words.hasSuffix("Your reminders for #1 stop. Say there what you need."))
        let call = try #require(try await calls(in: team).first)
        #expect(try #require(call.queued.body).words.contains("@U0BOB needs more from you to answer ask #1; they say what in this thread."))
        #expect(call.nextAttemptAt == team.clock.now)

        team.clock.advance(by: 60)
        _ = try await team.command("clarify", "\(asked.id.rawValue) for which launch?", by: team.bob)
        #expect(try await calls(in: team).count == 2)
        // The request stays open from the first time Bob asked.
        #expect(try await team.stored(asked).assignment(of: team.bob)?.infoRequestedAt == team.clock.now.addingTimeInterval(-60))
    }

    /// A typed question's mentions are people, named but not called, and its links are links; the history keeps it
    /// as text, each link with its address.
    @Test func aQuestionKeepsItsMentionsAndLinks() async throws {
        let team = InMemoryTeam()
        let asked = try await team.ask("@U0BOB review the plan https://example.com/plan by friday")
        try await team.postCard(of: asked, as: cardRef)
        _ = try await team.command("clarify", "\(asked.id.rawValue) does @U0CAROL agree with https://example.com/notes ?", by: team.bob)
        let call = try #require(try await calls(in: team).first)
        let delivery = ItemDelivery.decide(call.queued, about: try await team.stored(asked), card: .posted(messageRef: cardRef), now: call.nextAttemptAt)
        guard case .post(let message, _, _)? = delivery else { Issue.record("not posted: \(String(describing: delivery))"); return }
        #expect(message.namedOnly == [team.bob, team.carol])
        let spans = message.blocks.flatMap { block -> [RichText.Span] in if case .section(let text) = block { text.spans } else { [] } }
        #expect(spans.contains(.user(team.carol)) && spans.contains(.link(Link(url: "https://example.com/notes"))))
        let history = try #require(try await team.store.itemHistories(HistoryQuery(includingOpen: true, itemID: asked.id)).first)
        #expect(history.events.last?.text == "does @U0CAROL agree with https://example.com/notes ?")
    }

    @Test func onlyAnAssigneeWithAnOpenPartAsksAndOnlyOnAnAsk() async throws {
        let team = InMemoryTeam()
        let id = try await team.ask("@U0BOB @U0CAROL review the plan https://example.com/plan by friday").id.rawValue
        for user in [team.alice, team.dan] {
            #expect(try await team.command("clarify", "\(id) why?", by: user).reply.words == "You can't ask for more on #1: only an assignee can.")
        }
        _ = try await team.command("done", "\(id)", by: team.carol)
        #expect(try await team.command("clarify", "\(id) why?", by: team.carol).reply.words == "Your part of #1 is already done; nothing changed.")
        let decided = try #require(try await team.command("decision", "ship on friday", by: team.alice).createdItem)
        #expect(try await team.command("clarify", "\(decided.id.rawValue)", by: team.bob).reply.words.hasPrefix("#2 is a decision, not an ask"))
        #expect(try await team.command("clarify", "", by: team.bob).reply.words.contains("clarify"))
        #expect(try await calls(in: team).isEmpty)
    }

    /// Alice answers at 08:30, before her call at 09:00: the call is not posted. Bob finishes before his call back: nor is that.
    @Test func callsThatNoLongerApplyAreSkipped() async throws {
        let team = InMemoryTeam()
        let monday = team.clock.now
        let asked = try await team.ask("@U0BOB @U0CAROL review the plan https://example.com/plan by friday")
        try await team.postCard(of: asked, as: cardRef)
        _ = try await team.command("clarify", "\(asked.id.rawValue) which plan?", by: team.bob)
        team.clock.advance(by: 1800)
        _ = try await team.events.handle(.threadReply(channel: team.channel, parentRef: cardRef, user: team.alice, text: "Q3"), now: team.clock.now)
        let posts = try await calls(in: team)
        let toAlice = try #require(posts.first { $0.queued.subject == team.alice })
        let toBob = try #require(posts.first { $0.queued.subject == team.bob })
        #expect(toBob.nextAttemptAt == monday.addingTimeInterval(3600))
        var item = try await team.stored(asked)
        #expect(ItemDelivery.decide(toAlice.queued, about: item, card: .posted(messageRef: cardRef), now: toAlice.nextAttemptAt)
            == .skip(reason: "the author answered before the call was due"))
        _ = try await team.command("done", "\(asked.id.rawValue)", by: team.bob)
        item = try await team.stored(asked)
        #expect(ItemDelivery.decide(toBob.queued, about: item, card: .posted(messageRef: cardRef), now: toBob.nextAttemptAt)
            == .skip(reason: "the requester finished their part before the call was due"))
        #expect(item.assignment(of: team.bob)?.infoRequestedAt == nil)
        // Asking was Bob's first response, as the figures count it.
        let history = try #require(try await team.store.itemHistories(HistoryQuery(includingOpen: true, itemID: asked.id)).first)
        #expect(history.firstResponse(of: team.bob) == monday)
    }

    /// A call is moot once the ask is closed: cancelled before Alice's day began, it is never posted.
    @Test func aCallForAClosedAskIsSkipped() async throws {
        let team = InMemoryTeam()
        let asked = try await team.ask("@U0BOB review the plan https://example.com/plan by friday")
        _ = try await team.command("clarify", "\(asked.id.rawValue) which plan?", by: team.bob)
        _ = try await team.command("cancel", "\(asked.id.rawValue)", by: team.alice)
        let call = try #require(try await calls(in: team).first)
        let delivery = ItemDelivery.decide(call.queued, about: try await team.stored(asked), card: .posted(messageRef: cardRef), now: call.nextAttemptAt)
        #expect(delivery == .skip(reason: "the ask was closed before the call was due"))
    }
}
