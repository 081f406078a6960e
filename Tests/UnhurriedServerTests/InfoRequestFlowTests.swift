import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import UnhurriedCore

/// Asking the asker for more on Slack, end to end: the Need more info button, the call under the card through the
/// real Slack client to a fake Web API, the asker's answer in the thread and the call back.
@Suite struct InfoRequestFlowTests {
    @Test(arguments: TestDatabase.kinds)
    func theButtonCallsTheAskerUnderTheCardAndTheirAnswerCallsBack(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        let cardTS = "1795420800.000001"
        try await withSlackTeam(kind, slack: slack, policy: FollowUpFlowTests.policy) { team in
            try await team.ask("<@U0BOB> review https://example.com/plan — is the date realistic?")
            // 09:00, the start of everyone's day: Bob presses Need more info on the card.
            try await team.advance(to: 1)
            let beforePress = slack.posts.count
            #expect(try await team.press(#"{"type":"button","action_id":"request_info","block_id":"item_1","value":"1"}"#, user: "U0BOB").status == .ok)
            // The channel's posts are paced a second apart, as Slack allows.
            team.clock.advance(by: 5)
            try await team.tick()
            #expect(slack.ephemerals.last?.json["user"] as? String == "U0BOB")
            #expect(slack.ephemerals.last?.raw.contains("Say there what you need.") == true)
            let call = try #require(slack.posts.last)
            #expect(slack.posts.count == beforePress + 1)
            #expect(call.threadTS == cardTS && call.raw.contains("<@U0ALICE>") && call.raw.contains("needs more from you to answer"))
            #expect(call.idempotencyKey?.hasPrefix("item:1:info_request:U0BOB:") == true)
            #expect(slack.updates.last?.raw.contains("asked for more") == true)

            // Bob says what in the thread; then Alice answers there, and Bob is called back.
            let question = #"{"type":"message","channel":"C0GENERAL","user":"U0BOB","text":"Which date?","ts":"1795424500.000100","thread_ts":"\#(cardTS)"}"#
            #expect(try await team.event(question, id: "Ev0QUESTION").status == .ok)
            team.clock.advance(by: 600)
            let answer = #"{"type":"message","channel":"C0GENERAL","user":"U0ALICE","text":"The launch, Dec 3.","ts":"1795425100.000100","thread_ts":"\#(cardTS)"}"#
            #expect(try await team.event(answer, id: "Ev0ANSWER").status == .ok)
            // Slack's retry of the answer calls nobody twice.
            #expect(try await team.event(answer, id: "Ev0ANSWER", retry: 1).status == .ok)
            team.clock.advance(by: 5)
            try await team.tick()
            let back = try #require(slack.posts.last)
            #expect(back.threadTS == cardTS && back.raw.contains("<@U0BOB>") && back.raw.contains("answered in this thread"))
            #expect(slack.posts.count == beforePress + 2)
            // Asking was Bob's response: no reminder, notice or escalation follows.
            try await team.advance(to: 24 * 7)
            #expect(slack.posts.count == beforePress + 2)
        }
    }
}
