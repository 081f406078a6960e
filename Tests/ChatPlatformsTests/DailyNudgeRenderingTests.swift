import ChatPlatformKit
@testable import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

/// A daily nudge lists several asks in one message: each keeps its own buttons where a platform has them, and its own
/// typed alternatives where it has none.
@Suite struct DailyNudgeRenderingTests {
    private static let bob = ChatUserID("U0BOB")
    private static let alice = ChatUserID("U0ALICE")
    private static let nudgeAt = Date(timeIntervalSince1970: 1_795_510_800)  // Tue 2026-11-24 09:00 UTC

    private static func ask(_ id: Int64, dueIn hours: Double) -> (item: Item, assignment: Assignment) {
        let assignment = Assignment(assignee: bob, dueAt: nudgeAt.addingTimeInterval(hours * 3600))
        let item = Item(id: ItemID(id), status: .open, NewItem(
            kind: .ask, channel: ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1"), author: alice,
            request: "review plan \(id)", links: [], tierName: "standard", createdAt: nudgeAt.addingTimeInterval(-86_400),
            assignments: [assignment]))
        return (item, assignment)
    }

    /// #3 overdue, then #2 and #1, earliest deadline first.
    private static let nudge = MessageComposer.dailyNudge([ask(3, dueIn: -16), ask(2, dueIn: 8), ask(1, dueIn: 32)], to: bob, at: nudgeAt)

    @Test func slackGivesEachAskItsOwnActionsBlock() throws {
        let body = String(decoding: SlackMessageRenderer.postMessage(
            Self.nudge, channel: "U0BOB", threadTS: nil, idempotencyKey: "nudge:slack:T1:U0BOB:2026-11-24", names: [Self.alice: "alice"]).encoded(),
            as: UTF8.self)
        for id in [1, 2, 3] { #expect(body.contains(#""block_id":"item_\#(id)""#)) }
        #expect(body.components(separatedBy: #""action_id":"done""#).count - 1 == 3)
        #expect(body.contains(#""value":"snooze_hour:2""#))
        let overdue = try #require(body.range(of: "Overdue: ask #3"))
        let second = try #require(body.range(of: "Ask #2"))
        let third = try #require(body.range(of: "Ask #1"))
        #expect(overdue.lowerBound < second.lowerBound && second.lowerBound < third.lowerBound)
        #expect(!body.contains("Overdue: ask #2"))
        // Bob is called by the DM itself; Alice, who asked, is only named.
        #expect(Self.nudge.uncalledUsers == [Self.alice])
        #expect(!body.contains("<@U0ALICE>"))
    }

    @Test func mattermostTitlesEachAsksButtonsAndGivesThemIdsOfTheirOwn() throws {
        let signer = MattermostActionSigner(secret: "test-secret")
        let renderer = MattermostMessageRenderer(buttons: .init(url: URL(string: "https://unhurried.example.com/mattermost/actions")!, signer: signer))
        let body = renderer.post(Self.nudge, channelID: "dm", rootID: nil, idempotencyKey: "nudge", teamID: "team1", names: [:])
        let object = try #require(try JSONSerialization.jsonObject(with: body.encoded()) as? [String: Any])
        let attachments = try #require((object["props"] as? [String: Any])?["attachments"] as? [[String: Any]])
        #expect(attachments.map { $0["text"] as? String } == ["#3", "#2", "#1"])
        let actions = try #require(attachments[1]["actions"] as? [[String: Any]])
        #expect(actions.map { $0["id"] as? String } == ["acknowledge2", "done2", "requestinfo2", "snooze2"])
        let context = try #require((actions[1]["integration"] as? [String: Any])?["context"] as? [String: Any])
        #expect(context["item"] as? String == "2")
        #expect(signer.isValid(try #require(context["signature"] as? String), action: "done", itemID: ItemID(2), teamID: "team1"))

        let typed = MattermostMessageRenderer(buttons: nil).markdown(Self.nudge, names: [:], withButtons: false)
        for id in [1, 2, 3] { #expect(typed.contains("`/async ack \(id)` to acknowledge · `/async done \(id)` when done")) }
    }

    @Test func matrixTypesEachAsksCommandsAndOffersNoReactionOnTheList() {
        let renderer = MatrixMessageRenderer(commandPrefix: "!")
        let body = renderer.plainBody(Self.nudge)
        for id in [1, 2, 3] { #expect(body.contains("!ack \(id)` to acknowledge · `!done \(id)` when done")) }
        // A ✅ on the list could not say which ask it answers; on a reminder about one ask it still does.
        #expect(!body.contains("React ✅"))
        let (item, _) = Self.ask(2, dueIn: 8)
        #expect(renderer.plainBody(MessageComposer.followUp(.reminder, item: item, assignee: Self.bob)).contains("React ✅ when done"))
    }

    @Test func teamsPutsEachAsksButtonsUnderItsOwnText() throws {
        let card = try #require(try JSONSerialization.jsonObject(with: TeamsMessageRenderer().card(Self.nudge, names: [:]).encoded()) as? [String: Any])
        let body = try #require(card["body"] as? [[String: Any]])
        let sets = body.enumerated().filter { $0.element["type"] as? String == "ActionSet" }
        #expect(sets.count == 3)
        for (position, set) in sets {
            let data = try #require(((set["actions"] as? [[String: Any]])?.first)?["data"] as? [String: Any])
            let text = try #require(body[position - 1]["text"] as? String)
            #expect(text.contains("#\(data["item"] as? String ?? "?")"))
        }
    }
}
