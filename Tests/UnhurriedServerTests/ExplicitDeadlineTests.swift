import Foundation
import Testing
import UnhurriedCore
import UnhurriedStorage

@Suite struct ExplicitDeadlineTests {
    private func dueDates(policy: ResponsePolicy, text: String) async throws -> [Date] {
        let database = try await TestDatabase.make(.sqlite)
        let store = try await database.open()
        let handler = CommandHandler(store: store, policy: LivePolicy(policy))
        let tokens: [CommandToken] = [.mention(ChatUserID("U0BOB"))] + text.split(separator: " ").map { .word(String($0)) }
        let channel = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")
        let outcome = try await handler.handle(
            IncomingCommand(commandName: "/ask", tokens: tokens, speaker: ChatUserID("U0ALICE"), channel: channel),
            now: Date(timeIntervalSince1970: 1_795_420_800))  // Mon 2026-11-23 08:00Z
        try await store.close()
        await database.remove()
        return try #require(outcome.createdItem).assignments.map(\.dueAt)
    }

    @Test func replacesTheWindowByDefault() async throws {
        let due = try await dueDates(policy: .builtIn, text: "check https://e.com/a — ok? by 2026-11-27 12:00 !urgent")
        #expect(due == [Date(timeIntervalSince1970: 1_795_780_800)])  // Fri 12:00Z
    }

    @Test func theEarlierOneWinsWhenThePolicySaysSo() async throws {
        var policy = ResponsePolicy.builtIn
        policy.explicitDeadlines = .earlier
        // Urgent is 4 working hours: Mon 09:00Z + 4h = 13:00Z, before Friday.
        #expect(try await dueDates(policy: policy, text: "check https://e.com/a — ok? by 2026-11-27 12:00 !urgent")
            == [Date(timeIntervalSince1970: 1_795_438_800)])
        // A deadline earlier than the window still counts.
        #expect(try await dueDates(policy: policy, text: "check https://e.com/a — ok? by 2026-11-23 10:00 !low")
            == [Date(timeIntervalSince1970: 1_795_428_000)])
    }
}
