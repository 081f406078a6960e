import Foundation
import Testing
import UnhurriedCore
import UnhurriedServer

/// A post that dies for good is never silent: whoever asked hears privately what failed and what to do.
@Suite(.timeLimit(.minutes(1))) struct DeadPostTests {
    @Test(arguments: TestDatabase.kinds)
    func theAskerIsToldWhenTheirCardCannotBePosted(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI(script: [.slackError("channel_not_found")])
        try await withSlackTeam(kind, slack: slack, policy: .builtIn) { team in
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            try await team.tick()
            #expect(try await team.store.posts(withStatus: .dead).map(\.kind) == [.itemCard])
            try await team.tick()
            let notice = try #require(slack.posts.last)
            #expect(notice.channel == "U0ALICE")  // Slack opens the DM when a post names the person
            #expect(notice.raw.contains("could not be posted"))
            #expect(notice.raw.contains("channel_not_found"))
            // Told once, however often the scheduler looks.
            try await team.tick()
            #expect(slack.posts.filter { $0.channel == "U0ALICE" }.count == 1)
        }
    }
}
