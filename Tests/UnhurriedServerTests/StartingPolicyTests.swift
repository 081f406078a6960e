import Foundation
import Testing
import UnhurriedConfiguration
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

/// A process starts on a valid policy file and keeps it; on a broken one it starts on the last valid one kept in the
/// store (a bad edit, then a restart, never takes the service down), and without one kept it does not start.
@Suite struct StartingPolicyTests {
    private let valid = "tiers:\n  fast: { respond_within: 2h }\ndefault_tier: fast\n"
    private let broken = "tiers:\n  fast: { respond_within: 4h }\ndefault_tier: fast\ncolour: blue\n"

    private func withPolicyFile(_ body: (_ path: String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("unhurried-starting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory.appendingPathComponent("policy.yaml").path)
    }

    @Test(arguments: TestDatabase.kinds)
    func aBrokenFileStartsOnTheLastValidOneKept(_ kind: TestDatabase.Kind) async throws {
        try await withTestStore(kind) { store, _ in
            try await withPolicyFile { path in
                try valid.write(toFile: path, atomically: true, encoding: .utf8)
                let first = try await StartingPolicy.read(path: path, memory: store, logger: quietLogger)
                #expect(first.text == valid)
                #expect(first.refusal == nil)
                await KeptPolicy.keep(valid, in: store, now: testStart, logger: quietLogger)

                try broken.write(toFile: path, atomically: true, encoding: .utf8)
                let second = try await StartingPolicy.read(path: path, memory: store, logger: quietLogger)
                #expect(second.policy.tier(named: "fast")?.respondWithin == PolicyDuration(seconds: 7200))
                #expect(second.text == valid)
                #expect(second.refusal?.description.hasPrefix("\(path):4:1: colour: unknown key") == true)

                // A file that cannot be read at all (a ConfigMap not mounted) is refused the same way.
                try FileManager.default.removeItem(atPath: path)
                let third = try await StartingPolicy.read(path: path, memory: store, logger: quietLogger)
                #expect(third.text == valid)
                #expect(third.refusal?.description.contains("cannot be read") == true)
            }
        }
    }

    /// Nothing kept (a new database), or a kept text that no longer reads (after an upgrade changed what a policy may
    /// say): the file's problems stop the start.
    @Test(arguments: [nil, "tiers: []\n"])
    func aBrokenFileWithNothingToFallBackOnDoesNotStart(kept: String?) async throws {
        try await withPolicyFile { path in
            try broken.write(toFile: path, atomically: true, encoding: .utf8)
            let store = InMemoryStore()
            if let kept { await KeptPolicy.keep(kept, in: store, now: testStart, logger: quietLogger) }
            let error = await #expect(throws: YAMLFileError.self) {
                try await StartingPolicy.read(path: path, memory: store, logger: quietLogger)
            }
            #expect(error?.description.hasPrefix("\(path):4:1: colour: unknown key") == true)
        }
    }
}
