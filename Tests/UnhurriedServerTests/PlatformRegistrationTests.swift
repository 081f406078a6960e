import ChatPlatformKit
import ChatPlatforms
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

/// A chat platform is its folder under `Sources/ChatPlatforms/` and one line in `RegisteredPlatforms`: nothing else
/// in the sources names it, and the server mounts, enables and describes it from the list alone.
@Suite struct PlatformRegistrationTests {
    private static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appending(path: "Sources")

    @Test func nothingOutsideAPlatformsFolderAndTheListNamesIt() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.sources.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 100)
        for platform in RegisteredPlatforms.all {
            // Its types (SlackSettings, MatrixClient…) and its name as a string ("slack").
            let naming = try Regex("\\b\(platform.displayName)[A-Z]\\w*|\"\(platform.name)\"")
            for file in files where !file.hasPrefix("ChatPlatforms/\(platform.displayName)/") && file != "ChatPlatforms/RegisteredPlatforms.swift" {
                let text = try String(contentsOf: Self.sources.appending(path: file), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
                    #expect(code.firstMatch(of: naming) == nil, "\(file):\(number + 1) names \(platform.displayName): \(line)")
                }
            }
        }
    }

    @Test func everyPlatformFolderIsRegistered() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.sources.appending(path: "ChatPlatforms").path)
            .filter { !$0.hasSuffix(".swift") }
        // The console is no server platform: `try` and `simulate` print its posts in the terminal.
        #expect(Set(folders).subtracting(["Console"]) == Set(RegisteredPlatforms.all.map { $0.displayName }))
        #expect(Set(RegisteredPlatforms.names).count == RegisteredPlatforms.all.count)
    }

    @Test func aPlatformWithoutItsVariablesIsMountedAsDisabledNamingThem() async throws {
        let platforms = try ServerConfiguration.platforms(from: [:])
        #expect(platforms.count == RegisteredPlatforms.all.count)
        let database = try await TestDatabase.make(.sqlite)
        let store = try await database.open()
        let app = buildApplication(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0, platforms: platforms, policyFile: nil),
            dependencies: ServerDependencies(
                store: store, policy: LivePolicy(.builtIn), clock: VirtualClock(testStart), httpClient: NIOHTTPClient(), logger: quietLogger))
        try await app.test(.router) { client in
            for availability in platforms {
                guard case .disabled(let platform, let missing) = availability else {
                    Issue.record("\(availability.platformType.displayName) is enabled by an empty environment")
                    continue
                }
                #expect(missing == platform.environmentVariables.filter(\.isRequired).map(\.name))
                #expect(!missing.isEmpty)
                let response = try await client.execute(uri: "/\(platform.routePath)/anything", method: .post, body: ByteBuffer(string: "x"))
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains(missing.joined(separator: ", ")))
            }
        }
        try await store.close()
        await database.remove()
    }

    @Test func aVariableThatIsSetButUnusableStopsTheStartNamingIt() {
        let environment = [
            "MATRIX_HOMESERVER_URL": "ftp://homeserver", "MATRIX_AS_TOKEN": "a", "MATRIX_HS_TOKEN": "b", "MATRIX_BOT_USER": "@bot:example.org",
        ]
        #expect {
            _ = try ServerConfiguration.platforms(from: environment)
        } throws: { error in
            (error as? ConfigurationError)?.description.contains("MATRIX_HOMESERVER_URL") == true
        }
    }
}
