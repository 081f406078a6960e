import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import UnhurriedCore
import UnhurriedServer

/// What an adversary in a workspace can send through a verified route, reproduced: each once crashed or stalled the
/// server, and must now be answered like any other input.
@Suite(.timeLimit(.minutes(1))) struct HostileInputTests {
    private static let workspace = WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")

    /// Slack's datetime picker sends seconds as a number; a forged one once trapped the working-time arithmetic.
    @Test(arguments: [Int.max - 807, 9_223_372_036_854_775_000, -9_223_372_036_854_775_000, 0])
    func aForgedSnoozePickIsKeptBetweenNowAndTheFurthestDeadline(_ seconds: Int) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(.sqlite, slack: slack, policy: .builtIn) { team in
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            let pick = #"{"type":"datetimepicker","action_id":"snooze_until","block_id":"item_1","selected_date_time":\#(seconds)}"#
            #expect(try await team.press(pick, user: "U0BOB").status == .ok)
            let item = try #require(try await team.store.item(ItemID(1), in: Self.workspace))
            // A pick in the past snoozes until now, which holds nothing.
            let until = item.assignment(of: ChatUserID("U0BOB"))?.snoozedUntil
            if seconds > 0 { #expect(until != nil) }
            if let until {
                #expect(until >= team.clock.now)
                #expect(until <= team.clock.now.addingTimeInterval(5 * 366 * 86_400))
            }
            // The server goes on: the scheduler plans around the snooze, and the next command is answered.
            try await team.advance(to: 24 * 7)
            #expect(try await team.command("/inbox", "", user: "U0BOB").contains("#1"))
        }
    }

    /// A pasted novel, or half the company named in one ask, is refused privately before anything is looked up,
    /// stored or posted.
    @Test func anAskTooLongOrNamingTooManyPeopleIsRefusedPrivately() async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(.sqlite, slack: slack, policy: .builtIn) { team in
            let everyone = (0..<300).map { "<@U\($0)>" }.joined(separator: " ")
            #expect(try await team.command("/ask", "\(everyone) review https://example.com/plan — ok?").contains("names 300 people"))
            let novel = String(repeating: "lorem ipsum ", count: 750)
            #expect(try await team.command("/ask", "<@U0BOB> \(novel)?").contains("a command takes at most"))
            try await team.tick()
            #expect(try await team.store.openItems(authoredBy: ChatUserID("U0ALICE"), in: Self.workspace).isEmpty)
            #expect(slack.posts.isEmpty)
        }
    }
}
