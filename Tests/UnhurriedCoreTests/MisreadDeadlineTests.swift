import Foundation
import Testing
import UnhurriedCore

/// A deadline that does not read is never silently dropped: a past one is refused like any past date, and trailing
/// words that look meant as one are named in the confirmation while the ask is recorded on its tier's time.
@Suite struct MisreadDeadlineTests {
    @Test func byYesterdayIsRefusedAsPast() async throws {
        let team = InMemoryTeam()
        let outcome = try await team.command("ask", "@U0BOB review the plan by yesterday", by: team.alice)
        #expect(outcome.createdItem == nil)
        #expect(outcome.reply.fallbackText.contains("The deadline `by yesterday`") && outcome.reply.fallbackText.contains("has already passed"))
    }

    @Test(arguments: ["by blursday", "by tmorrow", "due fridya", "by 3", "by decembr"])
    func wordsThatLookLikeADeadlineAreNamed(_ ending: String) async throws {
        let team = InMemoryTeam()
        let outcome = try await team.command("ask", "@U0BOB review the plan \(ending)", by: team.alice)
        let item = try #require(outcome.createdItem)
        #expect(item.request == "review the plan \(ending)")
        #expect(item.tierName == "standard")
        #expect(outcome.reply.words.contains("I read no deadline in \(ending); the standard tier applies."))
    }

    @Test(arguments: ["written by alice", "review the plan by hand", "see the notes due diligence", "stand by me"])
    func proseEndingInByIsLeftAlone(_ request: String) async throws {
        let team = InMemoryTeam()
        let outcome = try await team.command("ask", "@U0BOB \(request)", by: team.alice)
        #expect(try #require(outcome.createdItem).request == request)
        #expect(!outcome.reply.words.contains("I read no deadline"))
    }
}
