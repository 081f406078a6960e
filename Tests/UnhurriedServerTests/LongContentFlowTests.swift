import Foundation
import Testing
import UnhurriedCore

/// Long asks and long lists through the signed Slack routes: the card Slack is sent is one it takes, `/show` gives the
/// whole ask back, and two hundred open asks come a page at a time, each answer within Block Kit's limits.
@Suite(.timeLimit(.minutes(1))) struct LongContentFlowTests {
    /// The blocks of a post or an answer; each section within Slack's 3,000 characters, at most 50 of them.
    private func sections(of json: String) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let blocks = try #require(object["blocks"] as? [[String: Any]])
        #expect(blocks.count <= 50)
        let texts = blocks.compactMap { ($0["text"] as? [String: Any])?["text"] as? String }
        for text in texts { #expect(text.utf16.count <= 3_000) }
        return texts
    }

    @Test(arguments: TestDatabase.kinds)
    func aLongAsksCardIsShortenedAndShowHasItAll(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        // Every character escaped on Slack, so the text is written four times as long as it was typed.
        let request = (1...480).map { "<\($0)&>" }.joined(separator: " ")
        try await withSlackTeam(kind, slack: slack, policy: .builtIn) { team in
            let escaped = request.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
            try await team.ask("<@U0BOB|bob> \(escaped)")
            try await team.tick()
            let card = try #require(slack.posts.first)
            let cardText = try sections(of: card.raw).joined(separator: "\n")
            #expect(cardText.contains("&lt;1&amp;&gt;") && !cardText.contains("&lt;480&amp;&gt;") && cardText.contains("…"))
            #expect(card.raw.contains("`/show 1` has the whole ask"))

            let shown = try sections(of: try await team.command("/show", "1", user: "U0CAROL")).joined(separator: " ")
            #expect((1...480).allSatisfy { shown.contains("&lt;\($0)&amp;&gt;") })
            #expect(shown.contains("created"))
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func twoHundredOpenAsksComeAPageAtATime(_ kind: TestDatabase.Kind) async throws {
        let slack = FakeSlackAPI()
        try await withSlackTeam(kind, slack: slack, policy: .builtIn) { team in
            for number in 1...200 { try await team.ask("<@U0BOB|bob> look at item \(number) please") }
            let first = try await team.command("/inbox", "", user: "U0BOB")
            let firstText = try sections(of: first).joined()
            #expect(firstText.contains("*#1*") && firstText.contains("*#25*") && !firstText.contains("*#26*"))
            #expect(first.contains("1–25 of 200 · page 1 of 8") && first.contains("`/inbox 2` for the next"))
            let last = try await team.command("/inbox", "8", user: "U0BOB")
            #expect(try sections(of: last).joined().contains("*#200*"))
            #expect(last.contains("176–200 of 200 · page 8 of 8"))
            #expect(try await team.command("/sent", "2", user: "U0ALICE").contains("26–50 of 200"))
        }
    }
}
