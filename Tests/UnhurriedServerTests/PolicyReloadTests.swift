import Foundation
import Testing
import UnhurriedCore
import UnhurriedServer

@Suite(.timeLimit(.minutes(1))) struct PolicyReloadTests {
    /// Waits up to two seconds for `condition`, and fails the test when it never holds.
    private func waitUntil(_ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for _ in 0..<100 where !condition() { try await Task.sleep(for: .milliseconds(20)) }
        #expect(condition(), sourceLocation: sourceLocation)
    }

    @Test func appliesAChangedFileAndKeepsTheLastGoodOneWhenItBreaks() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unhurried-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("policy.yaml")
        try "tiers:\n  standard: { respond_within: 1d }\ndefault_tier: standard\n".write(to: file, atomically: true, encoding: .utf8)

        let policy = LivePolicy(.builtIn)
        let metrics = ServerMetrics()
        let service = PolicyReloadService(
            path: file.path, policy: policy, metrics: metrics, logger: quietLogger, checkInterval: .milliseconds(20))
        let running = Task { try await service.run() }
        defer { running.cancel() }

        try "tiers:\n  fast: { respond_within: 2h }\ndefault_tier: fast\n".write(to: file, atomically: true, encoding: .utf8)
        try await waitUntil { policy.current.defaultTierName == "fast" }
        #expect(policy.current.tiers.map(\.name) == ["fast"])

        try "tiers:\n  fast: { respond_within: whenever }\ndefault_tier: fast\n".write(to: file, atomically: true, encoding: .utf8)
        try await waitUntil { metrics.render().contains(#"unhurried_policy_reloads_total{outcome="rejected"} 1"#) }
        #expect(policy.current.tier(named: "fast")?.respondWithin == PolicyDuration(seconds: 7200))
        #expect(metrics.render().contains(#"unhurried_policy_reloads_total{outcome="applied"} 1"#))
    }
}
