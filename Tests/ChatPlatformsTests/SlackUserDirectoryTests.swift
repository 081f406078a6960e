import ChatPlatformKit
import ChatPlatforms
import Foundation
import Synchronization
import Testing
import UnhurriedCore

@Suite struct SlackUserDirectoryTests {
    /// Counts the requests that were cancelled while they waited for their answer.
    final class Cancellations: Sendable {
        let count = Mutex(0)
    }

    struct ScriptedHTTPClient: OutboundHTTPClient {
        var status = 200
        var body = ""
        var delay: Duration = .zero
        var cancellations = Cancellations()

        func send(_ request: OutboundRequest) async throws -> OutboundResponse {
            #expect(request.headers["Authorization"] == "Bearer xoxb-test")
            #expect(String(decoding: request.body ?? Data(), as: UTF8.self) == "user=U0BOB")
            do {
                try await Task.sleep(for: delay)
            } catch {
                cancellations.count.withLock { $0 += 1 }
                throw error
            }
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

    @Test(.timeLimit(.minutes(1))) func givesUpQuicklyAndOnErrors() async {
        // An answer a minute away: the lookup gives up at its budget and cancels the request rather than waiting. Judged
        // by the cancellation, not by a clock a busy machine would stretch.
        let slow = ScriptedHTTPClient(body: #"{"ok":true,"user":{"tz":"UTC"}}"#, delay: .seconds(60))
        #expect(await ask(slow) == .unavailable)
        #expect(slow.cancellations.count.withLock { $0 } == 1)
        #expect(await ask(ScriptedHTTPClient(status: 429)) == .unavailable)
        #expect(await ask(ScriptedHTTPClient(body: #"{"ok":false,"error":"missing_scope"}"#)) == .unavailable)
        #expect(await ask(ScriptedHTTPClient(body: "not json")) == .unavailable)
    }
}
