import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import UnhurriedCore
import UnhurriedServer

/// The "Track as ask" message shortcut, through the signed interactivity route in virtual time: the shortcut opens
/// a modal prefilled from the message (`views.open` on the fake Web API), and the submitted modal makes the ask a
/// reaction would, or keeps the modal open with the reason under the field.
@Suite(.timeLimit(.minutes(1))) struct SlackTrackShortcutTests {
    private let workspace = WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")
    private static let messageTS = "1795420000.000100"
    private static let messageText = "<@U0BOT> <@U0BOB> <@U0DAN|dan> can you check <https://example.com/plan|the plan>?"

    private static let reactionByErin = #"{"type":"reaction_added","user":"U0ERIN","reaction":"hourglass_flowing_sand","item_user":"U0ALICE","item":{"type":"message","channel":"C0GENERAL","ts":"\#(messageTS)"},"event_ts":"1795420800.000200"}"#

    private static func json(_ object: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    private func shortcut(by user: String = "U0CAROL", trigger: String, text: String = messageText, callbackID: String = "track_as_ask") -> String {
        Self.json([
            "type": "message_action", "callback_id": callbackID, "trigger_id": trigger, "message_ts": Self.messageTS,
            "response_url": "https://hooks.slack.com/app/T0TEAM/1/x", "action_ts": "1795420800.000300",
            "team": ["id": "T0TEAM", "domain": "team"], "user": ["id": user, "name": "carol", "team_id": "T0TEAM"],
            "channel": ["id": "C0GENERAL", "name": "general"],
            "message": ["type": "message", "user": "U0ALICE", "ts": Self.messageTS, "text": text],
        ])
    }

    private func submission(
        by user: String = "U0CAROL", assignees: [String], tier: String = "standard", deadline: String? = nil,
        request: String = "can you check the plan https://example.com/plan?"
    ) -> String {
        let metadata = Self.json(["channel": "C0GENERAL", "ts": Self.messageTS, "thread_ts": Self.messageTS])
        let values: [String: Any] = [
            "assignees": ["assignees": ["type": "multi_users_select", "selected_users": assignees]],
            "tier": ["tier": ["type": "static_select", "selected_option": ["text": ["type": "plain_text", "text": tier], "value": tier]]],
            "deadline": ["deadline": ["type": "plain_text_input", "value": deadline.map { $0 as Any } ?? NSNull()]],
            "request": ["request": ["type": "plain_text_input", "value": request]],
        ]
        return Self.json([
            "type": "view_submission", "team": ["id": "T0TEAM", "domain": "team"], "user": ["id": user, "team_id": "T0TEAM"],
            "view": ["id": "V0MODAL", "type": "modal", "callback_id": "track_as_ask", "private_metadata": metadata, "state": ["values": values]],
        ])
    }

    private func errors(_ response: TestResponse) throws -> [String: String] {
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
        #expect(answer["response_action"] as? String == "errors")
        return answer["errors"] as? [String: String] ?? [:]
    }

    @Test func theShortcutOpensAModalPrefilledFromTheMessage() async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(.memory, slack: slack, policy: SlackTrackReactionTests.policy) { team in
            let response = try await team.interaction(shortcut(trigger: slack.modals.trigger()))
            #expect(response.status == .ok)
            #expect(response.body.readableBytes == 0)
            let view = try #require(slack.modals.openedViews.first)
            #expect(view["type"] as? String == "modal")
            #expect(view["callback_id"] as? String == "track_as_ask")
            let metadata = try #require(view["private_metadata"] as? String)
            #expect(try JSONSerialization.jsonObject(with: Data(metadata.utf8)) as? [String: String]
                == ["channel": "C0GENERAL", "ts": Self.messageTS, "thread_ts": Self.messageTS])
            let blocks = try #require(view["blocks"] as? [[String: Any]])
            func element(_ blockID: String) -> [String: Any] {
                blocks.first { $0["block_id"] as? String == blockID }?["element"] as? [String: Any] ?? [:]
            }
            #expect(element("assignees")["initial_users"] as? [String] == ["U0BOB", "U0DAN"])
            let tiers = (element("tier")["options"] as? [[String: Any]] ?? []).map { $0["value"] as? String }
            #expect(tiers == ["standard", "urgent"])
            #expect((element("tier")["initial_option"] as? [String: Any])?["value"] as? String == "standard")
            #expect(element("request")["multiline"] as? Bool == true)
            // The link keeps its address, so the ask made from the form has it.
            #expect((element("request")["initial_value"] as? String)?.hasSuffix("can you check the plan: https://example.com/plan ?") == true)
            #expect(blocks.first { $0["block_id"] as? String == "deadline" }?["optional"] as? Bool == true)
            #expect(try await team.store.item(ItemID(1), in: workspace) == nil)

            // A trigger that has lapsed opens nothing; the shortcut is still answered.
            let late = slack.modals.trigger()
            slack.modals.expireTriggers()
            #expect(try await team.interaction(shortcut(trigger: late)).status == .ok)
            #expect(slack.modals.openedViews.count == 1)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func aSubmissionMakesOneAskWithItsCardInTheMessagesThread(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        slack.write(Self.messageText, by: "U0ALICE", in: "C0GENERAL", ts: Self.messageTS)
        try await withSlackTeam(kind, slack: slack, policy: SlackTrackReactionTests.policy) { team in
            let response = try await team.interaction(submission(assignees: ["U0BOB"], tier: "urgent"))
            #expect(response.status == .ok)
            #expect(response.body.readableBytes == 0)
            try await team.tick()
            let item = try #require(try await team.store.item(ItemID(1), in: workspace))
            #expect(item.author == ChatUserID("U0CAROL"))
            #expect(item.assignments.map(\.assignee) == [ChatUserID("U0BOB")])
            #expect(item.tierName == "urgent")
            #expect(item.request == "can you check the plan https://example.com/plan?")
            #expect(item.origin == ItemOrigin(messageRef: Self.messageTS, threadRef: Self.messageTS))
            let cards = slack.posts.filter { $0.idempotencyKey == "item:1:item_card" }
            #expect(cards.count == 1)
            #expect(cards.first?.threadTS == Self.messageTS)
            #expect(cards.first?.raw.contains("https://slack.com/archives/C0GENERAL/p1795420000000100") == true)

            // A reaction on the same message afterwards makes no second ask; the reactor is told.
            #expect(try await team.event(Self.reactionByErin, id: "Ev1").status == .ok)
            try await team.tick()
            #expect(try await team.store.item(ItemID(2), in: workspace) == nil)
            #expect(slack.ephemerals.first?.raw.contains("already tracked as ask") == true)
            // And a second submission is refused on the form.
            let again = try errors(try await team.interaction(submission(by: "U0ERIN", assignees: ["U0BOB"])))
            #expect(again["request"]?.contains("already tracked as ask") == true)
        }
    }

    @Test func aSubmissionWithoutAnyoneToAskIsRefusedUnderThePeople() async throws {
        try await withSlackTeam(.memory, slack: FakeSlackAPI(), policy: SlackTrackReactionTests.policy) { team in
            let refused = try errors(try await team.interaction(submission(assignees: [])))
            #expect(refused.keys.sorted() == ["assignees"])
            #expect(try await team.store.item(ItemID(1), in: workspace) == nil)
        }
    }

    @Test(arguments: ["by blursday", "friday 25pm"])
    func aDeadlineThatCannotBeReadIsRefusedAsAskWordsIt(_ deadline: String) async throws {
        try await withSlackTeam(.memory, slack: FakeSlackAPI(), policy: SlackTrackReactionTests.policy) { team in
            let refused = try errors(try await team.interaction(submission(assignees: ["U0BOB"], deadline: deadline)))
            #expect(refused.keys.sorted() == ["deadline"])
            #expect(refused["deadline"]?.contains("the deadline") == true || refused["deadline"]?.contains("The deadline") == true)
            #expect(try await team.store.item(ItemID(1), in: workspace) == nil)
        }
    }

    @Test func tooManyPeopleAreRefusedUnderThePeople() async throws {
        var policy = SlackTrackReactionTests.policy
        policy.maxAssignees = 1
        try await withSlackTeam(.memory, slack: FakeSlackAPI(), policy: policy) { team in
            let refused = try errors(try await team.interaction(submission(assignees: ["U0BOB", "U0DAN"])))
            #expect(refused["assignees"]?.contains("at most 1") == true)
        }
    }

    @Test func aShortcutThenAReactionOnTheSameMessageMakeOneAsk() async throws {
        let slack = FakeSlackAPI()
        slack.write(Self.messageText, by: "U0ALICE", in: "C0GENERAL", ts: Self.messageTS)
        try await withSlackTeam(.memory, slack: slack, policy: SlackTrackReactionTests.policy) { team in
            #expect(try await team.event(Self.reactionByErin, id: "Ev1").status == .ok)
            let refused = try errors(try await team.interaction(submission(assignees: ["U0BOB"])))
            #expect(refused["request"]?.contains("already tracked as ask") == true)
            try await team.tick()
            #expect(try await team.store.item(ItemID(1), in: workspace)?.author == ChatUserID("U0ERIN"))
            #expect(try await team.store.item(ItemID(2), in: workspace) == nil)
        }
    }

    @Test func anUnsignedOrForgedShortcutIsRefusedAndOpensNothing() async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(.memory, slack: slack, policy: SlackTrackReactionTests.policy) { team in
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            for payload in [shortcut(trigger: slack.modals.trigger()), submission(assignees: ["U0BOB"])] {
                let body = "payload=" + payload.addingPercentEncoding(withAllowedCharacters: allowed)!
                var forged = HTTPFields()
                for (name, value) in slackHeaders(for: body, secret: "not-the-secret", at: team.clock.now) { forged[HTTPField.Name(name)!] = value }
                forged[.contentType] = "application/x-www-form-urlencoded"
                for headers in [forged, [.contentType: "application/x-www-form-urlencoded"]] {
                    let response = try await team.client.execute(uri: "/slack/interactions", method: .post, headers: headers, body: ByteBuffer(string: body))
                    #expect(response.status == .unauthorized)
                }
            }
            #expect(slack.modals.openedViews.isEmpty)
            #expect(try await team.store.item(ItemID(1), in: workspace) == nil)
        }
    }
}
