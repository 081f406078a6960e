import DecisionPublishers
import Foundation
import Testing
import UnhurriedCore
import UnhurriedServer

/// Decisions appended to a Confluence page, end to end: `/decision` on Slack, the delivery worker, a local Confluence.
@Suite struct ConfluencePublishingTests {
    static func credentials(_ confluence: FakeConfluence, token: String? = nil) -> PublishingCredentials {
        PublishingCredentials(confluence: .init(email: confluence.email, apiToken: token ?? confluence.token))
    }

    func withConfluence(
        _ kind: TestDatabase.Kind, _ confluence: FakeConfluence, token: String? = nil,
        _ body: @escaping @Sendable (SlackTeam) async throws -> Void
    ) async throws {
        try await confluence.run { base in
            let policy = publishingPolicy(.confluence(baseURL: base, pageID: FakeConfluence.pageID))
            try await withSlackTeam(kind, slack: FakeSlackAPI(), policy: policy, publishing: Self.credentials(confluence, token: token), body)
        }
    }

    @Test(arguments: TestDatabase.kinds)
    func appendsEachDecisionOnceAndItsSupersede(kind: TestDatabase.Kind) async throws {
        let confluence = FakeConfluence()
        try await withConfluence(kind, confluence) { team in
            try await team.decide("We launch on Dec 3 with \"beta\" & docs https://example.com/plan")
            #expect(confluence.updates == 1)
            #expect(confluence.current.version == 2)
            let page = confluence.current.body
            #expect(page.hasPrefix("<p>Decisions of the team.</p><h3>"))
            #expect(page.contains("Decision #1</h3><p>We launch on Dec 3 with &quot;beta&quot; &amp; docs https://example.com/plan</p>"))
            #expect(page.contains(#"<a href="https://example.com/plan">"#))
            #expect(try await team.publication(of: 1, to: "confluence").status == .sent)

            try await team.tick()
            #expect(confluence.updates == 1)

            #expect(try await team.command("/decision", "supersede 1 We launch on Dec 10 instead").contains("supersedes #1"))
            try await team.tick()
            #expect(confluence.updates == 2)
            #expect(confluence.current.body.contains("Decision #2 (supersedes #1)</h3><p>We launch on Dec 10 instead</p>"))
        }
    }

    @Test func readsThePageAgainWhenSomeoneEditedItMeanwhile() async throws {
        let confluence = FakeConfluence(editsMeanwhile: 1)
        try await withConfluence(.sqlite, confluence) { team in
            try await team.decide("We keep the old pricing")
            #expect(try await team.publication(of: 1, to: "confluence").status == .sent)
            // The first write met the other edit's version and was refused; the second went on top of it.
            #expect(confluence.current.version == 3)
            #expect(confluence.current.body.contains("<p>Edited by someone else.</p><h3>"))
            #expect(confluence.current.body.components(separatedBy: "We keep the old pricing").count == 2)
        }
    }

    @Test func retriesAfterAServerError() async throws {
        let confluence = FakeConfluence(script: [.serverError])
        try await withConfluence(.sqlite, confluence) { team in
            try await team.decide("We ship weekly")
            let failed = try await team.publication(of: 1, to: "confluence")
            #expect(failed.status == .pending)
            #expect(failed.lastError?.contains("HTTP 500") == true)
            #expect(confluence.updates == 0)

            team.clock.advance(by: 5)
            try await team.tick()
            #expect(try await team.publication(of: 1, to: "confluence").status == .sent)
            #expect(confluence.updates == 1)
        }
    }

    @Test func badCredentialsEndDeadUntilAnOperatorRetries() async throws {
        let confluence = FakeConfluence()
        try await withConfluence(.sqlite, confluence, token: "revoked-token") { team in
            try await team.decide("We drop the legacy API")
            let dead = try await team.publication(of: 1, to: "confluence")
            #expect(dead.status == .dead)
            #expect(dead.lastError?.hasPrefix("Confluence page read: HTTP 401") == true)
            #expect(!(dead.lastError ?? "").contains("revoked-token"))

            // `unhurried outbox retry`, once the token is fixed and the server restarted.
            #expect(try await team.store.requeue(dead.id, at: team.clock.now))
            try await team.restartedDispatcher(publishing: Self.credentials(confluence)).deliverDuePosts()
            #expect(try await team.publication(of: 1, to: "confluence").status == .sent)
            #expect(confluence.updates == 1)
        }
    }

    @Test func anUpdateWhoseOutcomeWasLostIsNotMadeTwiceAfterARestart() async throws {
        let confluence = FakeConfluence(script: [.acceptThenServerError])
        try await withConfluence(.sqlite, confluence) { team in
            try await team.decide("We hire two designers")
            #expect(confluence.updates == 1)
            #expect(try await team.publication(of: 1, to: "confluence").status == .pending)

            team.clock.advance(by: 60)
            try await team.restartedDispatcher(publishing: Self.credentials(confluence)).deliverDuePosts()
            #expect(try await team.publication(of: 1, to: "confluence").status == .sent)
            #expect(confluence.updates == 1)
            #expect(confluence.current.body.components(separatedBy: "We hire two designers").count == 2)
        }
    }
}
