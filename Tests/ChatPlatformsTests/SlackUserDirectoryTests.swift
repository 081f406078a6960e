import ChatPlatformKit
import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

@Suite struct SlackUserDirectoryTests {
    struct ScriptedHTTPClient: OutboundHTTPClient {
        var status = 200
        var body = ""
        var delay: Duration = .zero

        func send(_ request: OutboundRequest) async throws -> OutboundResponse {
            #expect(request.headers["Authorization"] == "Bearer xoxb-test")
            #expect(String(decoding: request.body ?? Data(), as: UTF8.self) == "user=U0BOB")
            try await Task.sleep(for: delay)
            return OutboundResponse(status: status, headers: [:], body: Data(body.utf8))
        }
    }

    private func ask(_ client: ScriptedHTTPClient) async -> DirectoryAnswer {
        await SlackUserDirectory(
            baseURL: URL(string: "http://127.0.0.1:9/api")!, botToken: "xoxb-test", http: client, timeout: .milliseconds(200)
        ).timeZone(of: ChatUserID("U0BOB"), in: WorkspaceRef(platform: "slack", workspaceID: "T1"))
    }

    @Test func readsTheProfileZone() async {
        #expect(await ask(ScriptedHTTPClient(body: #"{"ok":true,"user":{"id":"U0BOB","tz":"Europe/London","tz_offset":0}}"#)) == .zone("Europe/London"))
    }

    @Test func remembersProfilesWithoutAZone() async {
        #expect(await ask(ScriptedHTTPClient(body: #"{"ok":true,"user":{"id":"U0BOB"}}"#)) == .noZone)
        #expect(await ask(ScriptedHTTPClient(body: #"{"ok":false,"error":"user_not_found"}"#)) == .noZone)
    }

    @Test func givesUpQuicklyAndOnErrors() async {
        let start = ContinuousClock.now
        #expect(await ask(ScriptedHTTPClient(body: #"{"ok":true,"user":{"tz":"UTC"}}"#, delay: .seconds(5))) == .unavailable)
        // It gave up at its 1.5 s budget rather than waiting for the answer 5 s away (loose: CI machines are busy).
        #expect(ContinuousClock.now - start < .seconds(4))
        #expect(await ask(ScriptedHTTPClient(status: 429)) == .unavailable)
        #expect(await ask(ScriptedHTTPClient(body: #"{"ok":false,"error":"missing_scope"}"#)) == .unavailable)
        #expect(await ask(ScriptedHTTPClient(body: "not json")) == .unavailable)
    }
}
