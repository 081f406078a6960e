import ChatPlatformKit
import ChatPlatforms
import Foundation
import Synchronization
import Testing
import UnhurriedCore

/// Finding a post whose confirmation was lost, in a channel's history, by the idempotency key in its metadata.
@Suite struct SlackPostLookupTests {
    /// Answers each Web API call from a list of pages, and records what was asked.
    final class PagedHistory: OutboundHTTPClient {
        let pages: [String]
        let requests = Mutex<[(method: String, body: String)]>([])

        init(pages: [String]) {
            self.pages = pages
        }

        func send(_ request: OutboundRequest) async throws -> OutboundResponse {
            let method = request.url.lastPathComponent
            let count = requests.withLock { requests in
                requests.append((method, String(decoding: request.body ?? Data(), as: UTF8.self)))
                return requests.count
            }
            let body = method == "conversations.open" ? #"{"ok":true,"channel":{"id":"D0BOB"}}"# : pages[min(count - 1, pages.count - 1)]
            return OutboundResponse(status: 200, headers: [:], body: Data(body.utf8))
        }
    }

    private func message(_ ts: String, key: String) -> String {
        #"{"type":"message","ts":"\#(ts)","metadata":{"event_type":"unhurried_post","event_payload":{"idempotency_key":"\#(key)"}}}"#
    }

    private func find(_ key: String, in channel: String, thread: String? = nil, http: PagedHistory) async throws -> String? {
        try await SlackWebAPIClient(baseURL: URL(string: "http://127.0.0.1:9/api")!, botToken: "xoxb-test", http: http).findPost(
            idempotencyKey: key, in: ChatChannel(platform: "slack", workspaceID: "T1", channelID: channel), inThreadOf: thread,
            since: Date(timeIntervalSince1970: 1_795_420_800))
    }

    @Test func followsTheCursorUntilThePostIsFound() async throws {
        let http = PagedHistory(pages: [
            #"{"ok":true,"messages":[\#(message("1795420900.000002", key: "other"))],"response_metadata":{"next_cursor":"page2"}}"#,
            #"{"ok":true,"messages":[\#(message("1795420801.000001", key: "item:1:item_card"))],"response_metadata":{"next_cursor":""}}"#,
        ])
        #expect(try await find("item:1:item_card", in: "C0GENERAL", http: http) == "1795420801.000001")
        let asked = http.requests.withLock { $0 }
        #expect(asked.map(\.method) == ["conversations.history", "conversations.history"])
        #expect(asked[0].body == "channel=C0GENERAL&oldest=1795420740.000000&include_all_metadata=true&limit=200")
        #expect(asked[1].body.hasSuffix("&cursor=page2"))
    }

    @Test func readsAThreadsRepliesAndADirectMessagesIMChannel() async throws {
        let empty = #"{"ok":true,"messages":[]}"#
        let thread = PagedHistory(pages: [empty])
        #expect(try await find("item:1:U0BOB:reminder-1:thread", in: "C0GENERAL", thread: "1.0", http: thread) == nil)
        #expect(thread.requests.withLock { $0 }.map(\.method) == ["conversations.replies"])
        #expect(thread.requests.withLock { $0 }.first?.body.hasSuffix("&ts=1.0") == true)
        let direct = PagedHistory(pages: [empty])
        #expect(try await find("item:1:U0BOB:reminder-1:dm", in: "U0BOB", http: direct) == nil)
        let asked = direct.requests.withLock { $0 }
        #expect(asked.map(\.method) == ["conversations.open", "conversations.history"])
        #expect(asked[1].body.hasPrefix("channel=D0BOB&"))
    }
}
