import Foundation
import Testing
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

@Suite(.timeLimit(.minutes(1))) struct PolicyReloadTests {
    @Test func appliesAChangedFileAndKeepsTheLastGoodOneWhenItBreaks() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unhurried-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("policy.yaml")
        try "tiers:\n  standard: { respond_within: 1d }\ndefault_tier: standard\n".write(to: file, atomically: true, encoding: .utf8)

        let policy = LivePolicy(.builtIn)
        let metrics = ServerMetrics()
        let clock = VirtualClock(Date(timeIntervalSince1970: 0))
        let status = PolicyStatus(file: file.path, appliedText: nil, loadedAt: clock.now)
        let memory = InMemoryStore()
        let service = PolicyReloadService(
            path: file.path, policy: policy, memory: memory, clock: clock, metrics: metrics, status: status, logger: quietLogger,
            checkInterval: .milliseconds(20))
        let running = Task { try await service.run() }
        defer { running.cancel() }

        clock.advance(by: 60)
        try "tiers:\n  fast: { respond_within: 2h }\ndefault_tier: fast\n".write(to: file, atomically: true, encoding: .utf8)
        // The status is the last thing a reload changes: waiting for the policy alone would race it.
        try await waitUntil { policy.current.defaultTierName == "fast" && status.current.loadedAt == clock.now }
        #expect(status.current.loadedAt == clock.now)
        #expect(policy.current.tiers.map(\.name) == ["fast"])
        #expect(status.current.appliedText?.contains("default_tier: fast") == true)

        try "tiers:\n  fast: { respond_within: whenever }\ndefault_tier: fast\n".write(to: file, atomically: true, encoding: .utf8)
        try await waitUntil { status.current.lastReloadError != nil }
        #expect(status.current.lastReloadError != nil)
        #expect(metrics.render().contains(#"unhurried_policy_reloads_total{outcome="rejected"} 1"#))
        #expect(policy.current.tier(named: "fast")?.respondWithin == PolicyDuration(seconds: 7200))
        #expect(metrics.render().contains(#"unhurried_policy_reloads_total{outcome="applied"} 1"#))
        // The admin page shows the refusal, with the problem's position, beside when the policy in force was loaded.
        #expect(status.current.lastReloadError?.contains("policy.yaml:2:27: tiers.fast.respond_within") == true)
        #expect(status.current.loadedAt == Date(timeIntervalSince1970: 60))
        // The what-if starts from the policy in force, not from the refused file.
        #expect(status.current.appliedText?.contains("respond_within: 2h") == true)
        // Each applied file is kept: a restart now, on the broken file, would start on the policy in force.
        let restart = try await StartingPolicy.read(path: file.path, memory: memory, logger: quietLogger)
        #expect(restart.text?.contains("respond_within: 2h") == true)
        #expect(restart.refusal != nil)
    }

    @Test func aReloadThatAddsAHolidayMovesTheOpenDeadlinesItShortens() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unhurried-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("policy.yaml")
        let tiers = "tiers:\n  standard: { respond_within: 1d }\ndefault_tier: standard\n"
        try tiers.write(to: file, atomically: true, encoding: .utf8)

        // Asked Monday 08:00Z, due at the end of Bob's Monday (17:00Z).
        let store = InMemoryStore()
        let workspace = WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")
        let monday = Date(timeIntervalSince1970: 1_795_453_200)
        let item = try await store.create(NewItem(
            kind: .ask, channel: ChatChannel(platform: "slack", workspaceID: "T0TEAM", channelID: "C0GENERAL"), author: ChatUserID("U0ALICE"),
            request: "review the plan", links: [], tierName: "standard", createdAt: testStart,
            assignments: [Assignment(assignee: ChatUserID("U0BOB"), dueAt: monday)]))
        let policy = LivePolicy(.builtIn)
        let service = PolicyReloadService(
            path: file.path, policy: policy, deadlines: DeadlineMover(store: store, policy: policy), clock: VirtualClock(testStart),
            metrics: ServerMetrics(), logger: quietLogger, checkInterval: .milliseconds(20))
        let running = Task { try await service.run() }
        defer { running.cancel() }

        try (tiers + "holidays: [2026-11-23]\n").write(to: file, atomically: true, encoding: .utf8)
        // Monday's working day comes on Tuesday instead.
        let tuesday = monday.addingTimeInterval(86_400)
        @Sendable func moved() async throws -> Date? {
            try await store.item(item.id, in: workspace)?.assignment(of: ChatUserID("U0BOB"))?.dueAt
        }
        try await waitUntil { try await moved() == tuesday }
        #expect(try await moved() == tuesday)
    }
}
