import Foundation
import Testing
import UnhurriedCore
import UnhurriedStorage

/// Commands end to end through `CommandHandler` on an in-memory store (`InMemoryTeam`).
@Suite struct CommandHandlerTests {
    @Test func anAskGivesEachAssigneeADeadlineInTheirOwnHoursAndQueuesItsCard() async throws {
        let team = InMemoryTeam()
        _ = try await team.command("hours", "Asia/Kolkata", by: team.carol)
        let asked = try await team.ask("@U0BOB @U0CAROL review the plan https://example.com/plan")

        let item = try await team.stored(asked)
        #expect(item.request == "review the plan https://example.com/plan")
        #expect(item.links == [Link(url: "https://example.com/plan")])
        // One working day each: Bob's ends at 17:00 UTC today; Carol's, from 13:30 in Kolkata, at 13:30 there tomorrow.
        #expect(item.assignment(of: team.bob)?.dueAt == team.clock.now.addingTimeInterval(9 * 3600))
        #expect(item.assignment(of: team.carol)?.dueAt == team.clock.now.addingTimeInterval(24 * 3600))
        let card = try #require(try await team.store.post(withKey: .card(of: item.id)))
        #expect(card.kind == .itemCard && card.status == .pending && card.nextAttemptAt == team.clock.now)
    }

    @Test func doneBySomeoneWithNoPartIsRefusedAndChangesNothing() async throws {
        let team = InMemoryTeam()
        let asked = try await team.ask("@U0BOB review the plan")

        let answer = try await team.command("done", "\(asked.id.rawValue)", by: team.dan)
        #expect(answer.reply.fallbackText.contains("You can't mark #1 done"))
        let item = try await team.stored(asked)
        #expect(item.status == .open && item.version == 0)
        #expect(try await team.store.posts(withStatus: .pending).map(\.kind) == [.itemCard])
    }

    @Test func theInboxListsEarliestDeadlineFirst() async throws {
        let team = InMemoryTeam()
        let low = try await team.ask("@U0BOB read the notes !low")
        let urgent = try await team.ask("@U0BOB fix the build !urgent")
        let standard = try await team.ask("@U0BOB review the plan")
        _ = try await team.ask("@U0CAROL check the figures !urgent")

        let inbox = try await team.command("inbox", by: team.bob).reply
        let listed = inbox.blocks.flatMap { block -> [String] in
            guard case .section(let text) = block else { return [] }
            return text.spans.compactMap { if case .bold(let bold) = $0, bold.hasPrefix("#") { bold } else { nil } }
        }
        #expect(listed == [urgent.id, standard.id, low.id].map(\.description))
    }
}

/// A tier's `means` tells people what it is for: `/policy` shows it, an ask's confirmation quotes it.
@Suite struct TierMeaningTests {
    @Test func policyShowsAndTheConfirmationQuotesWhatATierMeans() async throws {
        var policy = ResponsePolicy.builtIn
        policy.tiers[0].means = "a customer is down"
        let team = InMemoryTeam(policy: LivePolicy(policy))
        let answer = try await team.command("ask", "@U0BOB the export fails for Acme !urgent", by: team.alice).reply
        #expect(answer.words.hasPrefix("Recorded ask #1 (urgent: a customer is down)."))
        let shown = try await team.command("policy", by: team.alice).reply.words
        #expect(shown.contains("• urgent (a customer is down): answer within 4h"))
        #expect(shown.contains("• standard: answer within"))
    }
}

/// A tier's `min_notice`: a deadline typed sooner is moved out to it, and the asker is told why and what to do.
@Suite struct MinimumNoticeTests {
    private func team(minNotice: PolicyDuration?) -> InMemoryTeam {
        var policy = ResponsePolicy.builtIn
        policy.tiers[1].minNotice = minNotice
        return InMemoryTeam(policy: LivePolicy(policy))
    }

    @Test func aDeadlineSoonerThanTheMinimumMovesOutToItAndTheAskerIsTold() async throws {
        // Monday 08:00 UTC, before the 09:00–17:00 day: four working hours from now is 13:00.
        let team = team(minNotice: PolicyDuration(seconds: 4 * 3600))
        let outcome = try await team.command("ask", "@U0BOB check the figures by 10am", by: team.alice)
        let item = try #require(outcome.createdItem)
        #expect(item.assignments[0].dueAt == team.clock.now.addingTimeInterval(5 * 3600))
        let words = outcome.reply.words
        #expect(words.contains("by 10am was sooner than standard asks give (at least 4h of working time), so the deadline moved out to that."))
        #expect(words.contains("If it cannot wait, `cancel 1` and ask again with !urgent."))
    }

    @Test func aDeadlineFarEnoughAheadOrAnotherTierIsLeftAlone() async throws {
        let team = team(minNotice: PolicyDuration(seconds: 4 * 3600))
        let later = try #require(try await team.command("ask", "@U0BOB check the figures by 3pm", by: team.alice).createdItem)
        #expect(later.assignments[0].dueAt == team.clock.now.addingTimeInterval(7 * 3600))
        let urgent = try await team.command("ask", "@U0BOB fix the build by 10am !urgent", by: team.alice)
        #expect(try #require(urgent.createdItem).assignments[0].dueAt == team.clock.now.addingTimeInterval(2 * 3600))
        #expect(!urgent.reply.words.contains("was sooner than"))
        #expect(try await team.command("policy", by: team.alice).reply.words.contains("deadlines at least 4h ahead"))
    }
}
