import DecisionPublishers
import Foundation
import Testing
import UnhurriedCore
import UnhurriedServer

/// Decisions as rows of a Notion data source, end to end: `/decision` on Slack, the delivery worker, a local Notion.
@Suite struct NotionPublishingTests {
    func withNotion(
        _ kind: TestDatabase.Kind, _ notion: FakeNotion, token: String? = nil, _ body: @escaping @Sendable (SlackTeam) async throws -> Void
    ) async throws {
        try await notion.run { base in
            let policy = publishingPolicy(.notion(baseURL: base, dataSourceID: FakeNotion.dataSourceID))
            try await withSlackTeam(kind, slack: FakeSlackAPI(), policy: policy, publishing: PublishingCredentials(notionToken: token ?? notion.token), body)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func addsARowPerDecisionAndSupersede(kind: TestDatabase.Kind) async throws {
        let notion = FakeNotion()
        try await withNotion(kind, notion) { team in
            try await team.decide("We launch on Dec 3")
            let row = try #require(notion.rows.first)
            #expect(row.notionVersion == "2025-09-03")
            #expect(row.properties["Name"] == "#1 We launch on Dec 3")
            #expect(row.properties["Decided by"] == "U0ALICE")
            #expect(row.properties["Channel"] == "slack:C0GENERAL")
            #expect(row.properties["Unhurried key"] == "publish:notion:item:1")
            #expect(row.properties["Decided at"]?.hasPrefix("2026-11-23T08:00:00") == true)
            #expect(try await team.publication(of: 1, to: "notion").messageRef == row.id)

            try await team.tick()
            #expect(notion.rows.count == 1)
            #expect(try await team.command("/decision", "supersede 1 We launch on Dec 10").contains("supersedes #1"))
            try await team.tick()
            #expect(notion.rows.map { $0.properties["Name"] } == ["#1 We launch on Dec 3", "#2 We launch on Dec 10"])
        }
    }

    @Test func retriesAfterAServerError() async throws {
        let notion = FakeNotion(script: [.serverError])
        try await withNotion(.sqlite, notion) { team in
            try await team.decide("We ship weekly")
            #expect(try await team.publication(of: 1, to: "notion").status == .pending)
            #expect(notion.rows.isEmpty)
            team.clock.advance(by: 5)
            try await team.tick()
            #expect(try await team.publication(of: 1, to: "notion").status == .sent)
            #expect(notion.rows.count == 1)
        }
    }

    @Test func aBadTokenEndsDeadWithTheReason() async throws {
        let notion = FakeNotion()
        try await withNotion(.sqlite, notion, token: "ntn_revoked") { team in
            try await team.decide("We drop the legacy API")
            let dead = try await team.publication(of: 1, to: "notion")
            #expect(dead.status == .dead)
            #expect(dead.lastError == "Notion page create: HTTP 401 unauthorized")
            #expect(notion.rows.isEmpty)
        }
    }

    @Test func aRowWhoseOutcomeWasLostIsNotAddedTwiceAfterARestart() async throws {
        let notion = FakeNotion(script: [.acceptThenServerError])
        try await withNotion(.sqlite, notion) { team in
            try await team.decide("We hire two designers")
            #expect(notion.rows.count == 1)
            #expect(try await team.publication(of: 1, to: "notion").status == .pending)

            team.clock.advance(by: 60)
            try await team.restartedDispatcher(publishing: PublishingCredentials(notionToken: notion.token)).deliverDuePosts()
            let post = try await team.publication(of: 1, to: "notion")
            #expect(post.status == .sent)
            #expect(post.messageRef == notion.rows.first?.id)
            #expect(notion.rows.count == 1)
        }
    }
}
