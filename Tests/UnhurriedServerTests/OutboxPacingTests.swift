import Foundation
import Testing
import UnhurriedCore

/// A channel's backlog goes out at the pace the platform allows, even after the worker was held up.
@Suite(.timeLimit(.minutes(1))) struct OutboxPacingTests {
    @Test func aBacklogWhosePacedSlotsPassedIsPacedAgain() async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(.memory, slack: slack, policy: .builtIn) { team in
            for number in 1...10 { try await team.ask("<@U0BOB> check https://example.com/\(number) — does it hold?") }
            try await team.tick()
            #expect(slack.posts.count == 3)  // the burst; the other seven hold a slot each, a second apart
            // The worker comes back long after every slot passed, as when each post waited on a chat API that did not
            // answer: the backlog gets a new burst and new slots rather than going out all at once.
            team.clock.advance(by: 60)
            try await team.tick()
            #expect(slack.posts.count == 6)
            team.clock.advance(by: 1)
            try await team.tick()
            #expect(slack.posts.count == 7)
        }
    }
}
