import Foundation
import Testing
import UnhurriedConfiguration
import UnhurriedCore

@Suite struct PublishPolicyTests {
    @Test func readsEachTargetWithItsChannels() throws {
        let policy = try PolicyFile.parse("""
            publish:
              webhook: { url: "https://hooks.example.com/decisions" }
              confluence: { base_url: "https://team.atlassian.net", page_id: "123456", channels: [C0PRODUCT] }
              notion: { data_source_id: 1f2e3d4c-0000-4000-8000-000000000001 }
            """, file: "policy.yaml", platforms: testPlatforms)
        #expect(policy.publish.map(\.destination) == [
            .confluence(baseURL: URL(string: "https://team.atlassian.net")!, pageID: "123456"),
            .notion(baseURL: URL(string: "https://api.notion.com")!, dataSourceID: "1f2e3d4c-0000-4000-8000-000000000001"),
            .webhook(url: URL(string: "https://hooks.example.com/decisions")!),
        ])
        #expect(policy.publicationTargets(forChannel: "C0PRODUCT") == ["confluence", "notion", "webhook"])
        #expect(policy.publicationTargets(forChannel: "C0OTHER") == ["notion", "webhook"])
        #expect(ResponsePolicy.builtIn.publicationTargets(forChannel: "C0PRODUCT").isEmpty)
    }

    /// The example policy shows `publish:` commented out; uncommented, it reads.
    @Test func theExamplesPublishSectionReads() throws {
        let example = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/unhurried.example.yaml")
        let lines = try String(contentsOf: example, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "# publish:"))
        let section = lines[start...].prefix { $0.hasPrefix("# ") }.map { $0.dropFirst(2) }.joined(separator: "\n")
        let policy = try PolicyFile.parse(section, file: "example", platforms: testPlatforms)
        #expect(policy.publish.map(\.name) == ["confluence", "notion", "webhook"])
        #expect(policy.publish.first?.channels == ["C0PRODUCT"])
    }

    @Test(arguments: [
        ("publish:\n  sharepoint: { url: \"https://x.example\" }\n", "publish.sharepoint", "unknown key; expected one of confluence, notion, webhook"),
        ("publish:\n  confluence: { page_id: \"1\" }\n", "publish.confluence.base_url", "missing: e.g. base_url: https://"),
        ("publish:\n  confluence: { base_url: \"ftp://x.example\", page_id: \"1\" }\n", "publish.confluence.base_url", "'ftp://x.example' is not an http(s) URL"),
        ("publish:\n  webhook: { url: \"https://me:hunter2@x.example/hook\" }\n", "publish.webhook.url", "must not hold credentials"),
        ("publish:\n  confluence: { base_url: \"https://x.example\", page_id: \"12/../34\" }\n", "publish.confluence.page_id", "'12/../34' is not an id"),
        ("publish:\n  notion: { data_source_id: abc, token: secret }\n", "publish.notion.token", "unknown key; expected one of base_url, data_source_id, channels"),
        ("publish:\n  webhook: { url: \"https://x.example\", channels: C0ONE }\n", "publish.webhook.channels", "must be a list of channel ids"),
    ])
    func reportsAClearProblem(yaml: String, key: String, message: String) {
        do {
            _ = try PolicyFile.parse(yaml, file: "p.yaml", platforms: testPlatforms)
            Issue.record("expected a problem")
        } catch {
            #expect(error.problems.map(\.key) == [key], "\(error)")
            #expect(error.problems.first?.message.hasPrefix(message) == true, "\(error)")
            #expect(error.problems.first?.line == 2, "\(error)")
        }
    }
}
