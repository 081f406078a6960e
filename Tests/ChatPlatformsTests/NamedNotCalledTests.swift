import ChatPlatformKit
@testable import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

/// A card that comes outside someone's hours names them without calling them, and still calls the others, on every
/// platform: Slack writes their name, Mattermost their username in bold, Matrix leaves them out of `m.mentions`, Teams
/// writes their name in bold with no mention entity.
@Suite struct NamedNotCalledTests {
    private let bob = ChatUserID("@bob:example.org")
    private let carol = ChatUserID("@carol:example.org")

    private var card: ChatMessage {
        var card = ChatMessage(fallbackText: "Ask #1", blocks: [.section(RichText([.user(bob), .text(" and "), .user(carol)]))])
        card.namedOnly = [bob]
        return card
    }

    @Test func onlyThoseOutsideTheirHoursAreUncalled() {
        #expect(card.uncalledUsers == [bob])
        var digest = card
        digest.callsPeopleNamed = false
        #expect(digest.uncalledUsers == [bob, carol])
    }

    @Test func slackWritesTheNameOfWhomItDoesNotCall() {
        #expect(SlackMessageRenderer.mrkdwn(RichText([.user(bob), .text(" and "), .user(carol)]), names: [bob: "Bob"])
            == "*Bob* and <@\(carol.rawValue)>")
    }

    @Test func mattermostWritesTheirUsernameInBold() {
        let markdown = MattermostMessageRenderer(buttons: nil).markdown(card, names: [bob: "bob", carol: "carol"], withButtons: false)
        #expect(markdown == "**bob** and @carol")
    }

    @Test func matrixLeavesThemOutOfTheMentions() throws {
        let content = MatrixMessageRenderer(commandPrefix: "!").content(card, inThreadOf: nil, idempotencyKey: nil)
        let object = try #require(try JSONSerialization.jsonObject(with: content.encoded()) as? [String: Any])
        #expect((object["m.mentions"] as? [String: Any])?["user_ids"] as? [String] == [carol.rawValue])
        #expect(object["msgtype"] as? String == "m.text")
    }

    @Test func teamsMentionsOnlyThoseItCalls() throws {
        let content = TeamsMessageRenderer().card(card, names: [bob.rawValue: "Bob Smith", carol.rawValue: "Carol Díaz"])
        let object = try #require(try JSONSerialization.jsonObject(with: content.encoded()) as? [String: Any])
        let text = try #require(((object["body"] as? [[String: Any]])?.first)?["text"] as? String)
        #expect(text == "**Bob Smith** and <at>Carol Díaz</at>")
        let entities = try #require((object["msteams"] as? [String: Any])?["entities"] as? [[String: Any]])
        #expect(entities.map { ($0["mentioned"] as? [String: Any])?["id"] as? String } == [carol.rawValue])
        #expect(entities.first?["text"] as? String == "<at>Carol Díaz</at>")
    }
}
