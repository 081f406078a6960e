import ChatPlatformKit
import ChatPlatforms
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

/// The Slack routes in-process: verification, answers and what gets stored.
@Suite struct SlackRouteTests {
    /// Stands in for Slack's Web API: every post succeeds. The full outbound path is covered by `SlackFlowTests`.
    struct AcceptingHTTPClient: OutboundHTTPClient {
        func send(_ request: OutboundRequest) async throws -> OutboundResponse {
            OutboundResponse(status: 200, headers: [:], body: Data(#"{"ok":true,"ts":"1795420800.000100"}"#.utf8))
        }
    }

    /// Answers `users.info` from a table of profile zones and counts the questions; every post succeeds.
    final class ProfileHTTPClient: OutboundHTTPClient {
        let zones: [String: String]
        let lookups = Mutex<[String]>([])
        let posts = Mutex(0)

        init(zones: [String: String]) {
            self.zones = zones
        }

        func send(_ request: OutboundRequest) async throws -> OutboundResponse {
            guard request.url.lastPathComponent == "users.info" else {
                if request.url.lastPathComponent == "chat.postMessage" { posts.withLock { $0 += 1 } }
                return try await AcceptingHTTPClient().send(request)
            }
            let user = String(decoding: request.body ?? Data(), as: UTF8.self).replacingOccurrences(of: "user=", with: "")
            lookups.withLock { $0.append(user) }
            let tz = zones[user].map { #","tz":"\#($0)""# } ?? ""
            return OutboundResponse(status: 200, headers: [:], body: Data(#"{"ok":true,"user":{"id":"\#(user)"\#(tz)}}"#.utf8))
        }
    }

    private func withApp(
        slack: SlackSettings? = SlackSettings(signingSecrets: [testSigningSecret], botToken: testBotToken),
        httpClient: any OutboundHTTPClient = AcceptingHTTPClient(), adminToken: String? = nil,
        _ body: @escaping @Sendable (any TestClientProtocol, any ClosableStore, VirtualClock, ServerMetrics) async throws -> Void
    ) async throws {
        let database = try await TestDatabase.make(.sqlite)
        let store = try await database.open()
        let clock = VirtualClock(testStart)
        let metrics = ServerMetrics()
        var configuration = ServerConfiguration(enabled: slack.map { [SlackPlatform(settings: $0)] } ?? [])
        configuration.adminToken = adminToken
        // None of these tests is about the profile budget (see `patientProfileLookup`).
        configuration.profileLookupBudget = patientProfileLookup
        let app = buildApplication(
            configuration: configuration,
            dependencies: ServerDependencies(
                store: store, policy: LivePolicy(.builtIn), clock: clock, httpClient: httpClient, logger: quietLogger),
            metrics: metrics)
        try await app.test(.router) { client in try await body(client, store, clock, metrics) }
        try await store.close()
        await database.remove()
    }

    private func post(
        _ client: some TestClientProtocol, _ path: String, body: String, headers: [(String, String)]
    ) async throws -> TestResponse {
        var fields = HTTPFields()
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        fields[.contentType] = "application/x-www-form-urlencoded"
        return try await client.execute(uri: path, method: .post, headers: fields, body: ByteBuffer(string: body))
    }

    /// Sends a signed command and returns the plain text of the private answer.
    private func fallbackText(
        of command: String, _ text: String, as user: String, client: some TestClientProtocol, clock: VirtualClock
    ) async throws -> String {
        let body = slashCommandBody(command: command, text: text, user: user)
        let response = try await post(client, "/slack/commands", body: body, headers: slackHeaders(for: body, at: clock.now))
        return try json(response)["text"] as? String ?? ""
    }

    private func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test func recordsASignedAskAndAnswersPrivately() async throws {
        try await withApp { client, store, clock, metrics in
            let body = slashCommandBody(text: "<@U0BOB|bob> review <https://example.com/doc|the doc> — is section 2 clear?")
            let response = try await post(client, "/slack/commands", body: body, headers: slackHeaders(for: body, at: clock.now))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let answer = try json(response)
            #expect(answer["response_type"] as? String == "ephemeral")
            #expect((answer["text"] as? String)?.contains("Recorded ask #1") == true)
            let blocks = String(decoding: try JSONSerialization.data(withJSONObject: answer["blocks"]!), as: UTF8.self)
            #expect(blocks.contains("<!date^1795453200^"))  // asked Mon 08:00Z, counted from 09:00Z: due 17:00Z

            let workspace = WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")
            let item = try #require(try await store.item(ItemID(1), in: workspace))
            #expect(item.request == "review the doc — is section 2 clear?")
            #expect(item.links == [Link(url: "https://example.com/doc", label: "the doc")])
            #expect(item.assignments.map(\.assignee) == [ChatUserID("U0BOB")])
            // The delivery runs beside the test: read the outbox once it has sent what it will.
            try await waitUntil { try await store.posts(withStatus: .pending).isEmpty }
            #expect(try await store.posts(withStatus: .sent).map(\.idempotencyKey.rawValue) == ["item:1:item_card"])
            #expect(metrics.render().contains(#"unhurried_items_created_total{platform="slack",kind="ask"} 1"#))
        }
    }

    @Test func recordsSearchesAndSupersedesDecisions() async throws {
        try await withApp { client, store, clock, _ in
            let recorded = try await fallbackText(
                of: "/decision", "We launch on <https://example.com/plan|Dec 3> #launch", as: "U0ALICE", client: client, clock: clock)
            #expect(recorded.contains("Recorded decision #1"))
            let workspace = WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")
            let decision = try #require(try await store.item(ItemID(1), in: workspace))
            #expect(decision.kind == .decision)
            #expect(decision.request == "We launch on Dec 3 #launch")
            #expect(decision.links == [Link(url: "https://example.com/plan", label: "Dec 3")])
            #expect(decision.assignments.isEmpty)
            // Its card went out; the search links to it.
            let card = try #require(try await store.post(withKey: .card(of: ItemID(1))))
            if card.status != .sent { try await store.markSent(card.id, messageRef: "1795420800.000100", at: clock.now) }
            let ref = try #require(try await store.post(withKey: .card(of: ItemID(1)))?.messageRef).replacingOccurrences(of: ".", with: "")

            let body = slashCommandBody(command: "/decisions", text: "\"launch\" OR (dec", user: "U0BOB")
            let search = try json(try await post(client, "/slack/commands", body: body, headers: slackHeaders(for: body, at: clock.now)))
            let blocks = String(decoding: try JSONSerialization.data(withJSONObject: search["blocks"]!), as: UTF8.self)
            #expect(blocks.contains("<https:\\/\\/slack.com\\/archives\\/C0GENERAL\\/p\(ref)|#1>"))
            #expect(try await fallbackText(of: "/decisions", "hiring", as: "U0BOB", client: client, clock: clock).contains("No decision matches"))

            // /done and /ack are for asks; a decision is replaced, not closed.
            #expect(try await fallbackText(of: "/done", "1", as: "U0ALICE", client: client, clock: clock).contains("is a decision, not an ask"))
            let replaced = try await fallbackText(
                of: "/decision", "supersede 1 We launch on Dec 10 instead #launch", as: "U0BOB", client: client, clock: clock)
            #expect(replaced.contains("Recorded decision #2; it supersedes #1"))
            #expect(try await store.item(ItemID(1), in: workspace)?.status == .superseded)
            #expect(try await store.item(ItemID(2), in: workspace)?.supersedes == ItemID(1))
            #expect(try await fallbackText(of: "/decision", "supersede 1 again", as: "U0BOB", client: client, clock: clock).contains("already superseded"))
            // Only in the channel where it was decided.
            let elsewhere = slashCommandBody(command: "/decision", text: "supersede 2 moved again", user: "U0BOB", channel: "C0OTHER")
            let refused = try json(try await post(client, "/slack/commands", body: elsewhere, headers: slackHeaders(for: elsewhere, at: clock.now)))
            #expect((refused["text"] as? String)?.contains("There is no decision #2 in this channel") == true)
            let searchElsewhere = slashCommandBody(command: "/decisions", text: "launch", user: "U0BOB", channel: "C0OTHER")
            let nothing = try json(try await post(client, "/slack/commands", body: searchElsewhere, headers: slackHeaders(for: searchElsewhere, at: clock.now)))
            #expect((nothing["text"] as? String)?.contains("No decision matches") == true)
            #expect(try await fallbackText(of: "/decision", "", as: "U0BOB", client: client, clock: clock).contains("Say what was decided"))
            let history = try await store.itemHistories(HistoryQuery()).first { $0.item.id == ItemID(1) }
            #expect(history?.events.map(\.kind) == [.created, .superseded])
            #expect(history?.events.last?.actor == ChatUserID("U0BOB"))
            // Decisions wait on no one: they are in nobody's /sent.
            #expect(try await fallbackText(of: "/sent", "", as: "U0ALICE", client: client, clock: clock).contains("not waiting on anyone"))
        }
    }

    @Test func reportsHowAsksWereAnsweredInTheChannelAndToAnAdmin() async throws {
        try await withApp(adminToken: "admin-secret") { client, _, clock, _ in
            _ = try await fallbackText(of: "/ask", "<@U0BOB> review https://example.com/a — ok to ship?", as: "U0ALICE", client: client, clock: clock)
            _ = try await fallbackText(of: "/ask", "<@U0BOB> check https://example.com/b — right numbers?", as: "U0ALICE", client: client, clock: clock)
            clock.advance(by: 3 * 3600)  // 11:00; counted from 09:00, two working hours
            _ = try await fallbackText(of: "/ack", "1", as: "U0BOB", client: client, clock: clock)
            clock.advance(by: 8 * 3600)  // 19:00, past the 17:00 deadline of the second
            let stats = try await fallbackText(of: "/stats", "", as: "U0ALICE", client: client, clock: clock)
            #expect(stats.contains("Asks here in the last 7 days"))
            let detail = try await post(
                client, "/slack/commands", body: slashCommandBody(command: "/stats", text: "30d", user: "U0ALICE"),
                headers: slackHeaders(for: slashCommandBody(command: "/stats", text: "30d", user: "U0ALICE"), at: clock.now))
            let blocks = String(decoding: try JSONSerialization.data(withJSONObject: try json(detail)["blocks"]!), as: UTF8.self)
            #expect(blocks.contains("2 asked · first response in 2h (median), 2h (p90) of working time · 50% within the expected time · 1 overdue now"))
            #expect(try await fallbackText(of: "/stats", "fortnight", as: "U0ALICE", client: client, clock: clock).contains("is not a period"))

            func admin(_ query: String = "", token: String?) async throws -> TestResponse {
                var headers = HTTPFields()
                if let token { headers[.authorization] = "Bearer \(token)" }
                return try await client.execute(uri: "/admin/stats\(query)", method: .get, headers: headers)
            }
            #expect(try await admin(token: nil).status == .unauthorized)
            #expect(try await admin(token: "admin-secre").status == .unauthorized)
            #expect(try await admin("?days=0", token: "admin-secret").status == .badRequest)
            let report = try await admin("?days=30", token: "admin-secret")
            #expect(report.status == .ok)
            let answer = try json(report)
            #expect(answer["days"] as? Int == 30)
            let rows = try #require(answer["channels"] as? [[String: Any]])
            #expect(rows.count == 1)
            #expect(rows.first?["channel"] as? String == "C0GENERAL")
            #expect(rows.first?["tier"] as? String == "standard")
            #expect(rows.first?["asks_created"] as? Int == 2)
            #expect(rows.first?["median_first_response_seconds"] as? Int == 7200)
            #expect(rows.first?["share_within_expectation"] as? Double == 0.5)
            #expect(rows.first?["overdue_now"] as? Int == 1)
        }
        // Without a token configured, the admin endpoints are off.
        try await withApp { client, _, _, _ in
            var headers = HTTPFields()
            headers[.authorization] = "Bearer anything"
            let response = try await client.execute(uri: "/admin/stats", method: .get, headers: headers)
            #expect(response.status == .unauthorized)
            #expect(String(buffer: response.body).contains("UNHURRIED_ADMIN_TOKEN"))
        }
    }

    /// How a request differs from a correctly signed one: signed with `secret` (nil: not signed at all), at
    /// `skew` seconds from the server's clock, and whether its body was changed after signing.
    @Test(arguments: [
        ("no signature headers", String?.none, 0.0, false),
        ("wrong secret", "another-secret", 0.0, false),
        ("stale timestamp", testSigningSecret, -301.0, false),
        ("future timestamp", testSigningSecret, 301.0, false),
        ("tampered body", testSigningSecret, 0.0, true),
    ])
    func refusesUnverifiedRequestsAndStoresNothing(_ name: String, secret: String?, skew: Double, tampered: Bool) async throws {
        try await withApp { client, store, clock, metrics in
            let signed = slashCommandBody(text: "<@U0BOB> please review https://example.com — ok?")
            let headers = secret.map { slackHeaders(for: signed, secret: $0, at: clock.now.addingTimeInterval(skew)) } ?? []
            let body = tampered ? signed.replacingOccurrences(of: "U0BOB", with: "U0EVE") : signed
            for path in ["/slack/commands", "/slack/interactions", "/slack/events"] {
                let response = try await post(client, path, body: body, headers: headers)
                #expect(response.status == .unauthorized)
                #expect(response.body.readableBytes == 0)
            }
            #expect(try await store.openItems(assignedTo: ChatUserID("U0BOB"), in: WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")).isEmpty)
            #expect(try await store.posts(withStatus: .pending).isEmpty)
            #expect(try await store.posts(withStatus: .sent).isEmpty)
            #expect(metrics.render().contains("unhurried_verification_failures_total"))
        }
    }

    /// Slack sends its signature once: a second one, even after a valid one, is not Slack's request.
    @Test func refusesARepeatedSignatureHeader() async throws {
        try await withApp { client, store, clock, _ in
            let body = slashCommandBody(text: "<@U0BOB> please review https://example.com — ok?")
            var fields: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            for (name, value) in slackHeaders(for: body, at: clock.now) { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
            fields.append(HTTPField(name: HTTPField.Name("X-Slack-Signature")!, value: "v0=" + String(repeating: "0", count: 64)))
            let response = try await client.execute(uri: "/slack/commands", method: .post, headers: fields, body: ByteBuffer(string: body))
            #expect(response.status == .unauthorized)
            #expect(try await store.posts(withStatus: .pending).isEmpty)
        }
    }

    @Test func refusesOversizedBodies() async throws {
        try await withApp { client, _, clock, _ in
            let body = slashCommandBody(text: String(repeating: "a", count: 70 * 1024))
            let response = try await post(client, "/slack/commands", body: body, headers: slackHeaders(for: body, at: clock.now))
            #expect(response.status == .contentTooLarge)
        }
    }

    @Test(arguments: [
        ("/ask", "review this please", "An ask needs someone to ask"),
        ("/ask", "<@U0BOB>", "Say what you are asking for"),
        ("/ask", "<@U0BOB> check it !someday", "There is no tier `someday`"),
        ("/async", "", "Say what to do"),
        ("/async", "dance", "I don't know `dance`"),
        ("/done", "", "Which item?"),
        ("/done", "seven", "`seven` is not an item number"),
        ("/done", "99", "There is no item #99"),
        ("/cancel", "99", "There is no item #99"),
        ("/inbox", "everything", "`everything` is not a page number"),
        ("/ask", "<@U0BOB> review the plan by fri 3zz", "I couldn't read the deadline `by fri 3zz`. I understood `by fri`"),
        ("/ask", "<@U0BOB> review the plan by 2026-01-05", "has already passed"),
        ("/ask", "<@U0BOB> review the plan by 3/4", "`3/4` could mean more than one date"),
    ])
    func answersBadInputPrivatelyWithUsage(command: String, text: String, expected: String) async throws {
        try await withApp { client, store, clock, _ in
            let body = slashCommandBody(command: command, text: text)
            let response = try await post(client, "/slack/commands", body: body, headers: slackHeaders(for: body, at: clock.now))
            #expect(response.status == .ok)
            let answer = try json(response)
            #expect(answer["response_type"] as? String == "ephemeral")
            #expect((answer["text"] as? String)?.contains(expected) == true, "\(answer["text"] ?? "")")
            #expect(try await store.posts(withStatus: .pending).isEmpty)
            #expect(try await store.posts(withStatus: .sent).isEmpty)
        }
    }

    @Test func countsEachAssigneesDeadlineInTheirOwnHoursAndTimeAway() async throws {
        try await withApp { client, store, clock, _ in
            func run(_ command: String, _ text: String, as user: String) async throws -> String {
                try await fallbackText(of: command, text, as: user, client: client, clock: clock)
            }
            #expect(try await run("/hours", "08:00-16:00 America/Chicago", as: "U0BOB") == "Your working hours: mon-fri 08:00-16:00 America/Chicago")
            #expect(try await run("/hours", "", as: "U0CAROL") == "Your working hours: mon-fri 09:00-17:00 UTC")
            _ = try await run("/ask", "<@U0BOB> <@U0CAROL> review https://example.com/doc — ok?", as: "U0ALICE")
            #expect(try await run("/away", "2026-11-23..2026-11-24", as: "U0BOB").contains("Noted: away 2026-11-23..2026-11-24"))
            #expect(try await run("/away", "2026-01-01", as: "U0BOB").contains("already over"))
            _ = try await run("/ask", "<@U0BOB> review https://example.com/doc — ok?", as: "U0ALICE")
            let workspace = WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")
            // Asked Mon 08:00Z: Bob's day is 08:00-16:00 Chicago (14:00-22:00Z), Carol's 09:00-17:00Z.
            let first = try #require(try await store.item(ItemID(1), in: workspace))
            // Bob's time away, recorded after the ask, moved his deadline by the working day it took: Wed 22:00Z.
            #expect(first.assignments.map(\.dueAt) == [Date(timeIntervalSince1970: 1_795_644_000), Date(timeIntervalSince1970: 1_795_453_200)])
            // Away Monday and Tuesday: Bob's window starts Wednesday.
            let second = try #require(try await store.item(ItemID(2), in: workspace))
            #expect(second.assignments.map(\.dueAt) == [Date(timeIntervalSince1970: 1_795_644_000)])
            #expect(try await run("/hours", "reset", as: "U0BOB") == "Your working hours: mon-fri 09:00-17:00 UTC")
            #expect(try await run("/away", "clear", as: "U0BOB").contains("Your time away is cleared"))
            #expect(try await run("/away", "", as: "U0BOB").contains("No time away"))
            // Everyday words, read from Bob's today (Monday 2026-11-23); what is not a day is refused, naming what was read.
            #expect(try await run("/away", "Dec 24 to Dec 28", as: "U0BOB").contains("Noted: away 2026-12-24..2026-12-28"))
            #expect(try await run("/away", "thursday", as: "U0BOB").contains("Noted: away 2026-11-26."))
            let unread = try await run("/away", "dec 20..soon", as: "U0BOB")
            #expect(unread.contains("I couldn't read the days away `dec 20..soon`.") && unread.contains("Nothing was recorded."))
            #expect(try await run("/away", "2027-01-04..2026-12-20", as: "U0BOB").contains("is not a stretch of days of at most a year"))
            #expect(try await run("/away", "dec 20..2026-12-19", as: "U0BOB").contains("(read as 2026-12-20..2026-12-19)"))
            #expect(try await run("/away", "", as: "U0BOB").contains("Your time away: 2026-11-26, 2026-12-24..2026-12-28."))
        }
    }

    @Test func splitHoursAndFocusTimeShapeTheDeadlineAndTheFirstCall() async throws {
        try await withApp { client, store, clock, _ in
            func run(_ command: String, _ text: String, as user: String) async throws -> String {
                try await fallbackText(of: command, text, as: user, client: client, clock: clock)
            }
            let week = "mon-thu 08:00-12:00,13:00-17:00 fri 08:00-12:00 Europe/Berlin"
            #expect(try await run("/hours", "\(week) focus 09:00-11:00 mon-fri", as: "U0BOB") == "Your working hours: \(week), focus mon-fri 09:00-11:00")
            #expect(try await run("/hours", "mon-thu 08:00-12:00 fri", as: "U0BOB").contains("`fri` needs hours after it"))
            _ = try await run("/ask", "<@U0BOB> review https://example.com/doc — ok? !urgent", as: "U0ALICE")
            // Asked Mon 08:00Z, 09:00 in Berlin: three hours to lunch, one after it, due 14:00 there (13:00Z). Bob is in
            // focus, so the card names him and he is called when it ends at 11:00 there (10:00Z).
            let item = try #require(try await store.item(ItemID(1), in: WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")))
            #expect(item.assignments[0].dueAt == Date(timeIntervalSince1970: 1_795_438_800))
            #expect(item.assignments[0].firstCallAt == Date(timeIntervalSince1970: 1_795_428_000))
            #expect(try await run("/hours", "focus off", as: "U0BOB") == "Your working hours: \(week)")
            #expect(try await run("/hours", "focus reset", as: "U0BOB") == "Your working hours: \(week)")
        }
    }

    @Test func usesTheZoneInEachAssigneesSlackProfileUnlessTheySetTheirOwn() async throws {
        let directory = ProfileHTTPClient(zones: ["U0CAROL": "Asia/Kolkata", "U0BOB": "America/Chicago"])
        try await withApp(httpClient: directory) { client, store, clock, _ in
            _ = try await fallbackText(of: "/hours", "Europe/Berlin", as: "U0BOB", client: client, clock: clock)
            _ = try await fallbackText(of: "/ask", "<@U0CAROL> <@U0BOB> check https://example.com/a — ok?", as: "U0ALICE", client: client, clock: clock)
            _ = try await fallbackText(of: "/ask", "<@U0CAROL> check https://example.com/b — ok?", as: "U0ALICE", client: client, clock: clock)
            // Asked Mon 08:00Z: Carol's profile says Kolkata (13:30 there; 3.5 working hours left on Monday, the other
            // 4.5 end Tuesday 13:30 = 08:00Z); Bob chose Berlin himself (09:00 = 08:00Z, due 16:00Z), so his profile is never asked.
            let workspace = WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")
            let first = try #require(try await store.item(ItemID(1), in: workspace))
            #expect(first.assignments.map(\.dueAt) == [Date(timeIntervalSince1970: 1_795_507_200), Date(timeIntervalSince1970: 1_795_449_600)])
            // Each profile is read once for its zone, then remembered. Alice's is read once more for her name on the
            // cards ("from …"); waiting for both cards makes that read certain rather than a race with the delivery.
            try await waitUntil { directory.posts.withLock { $0 } == 2 }
            #expect(directory.lookups.withLock { $0 }.sorted() == ["U0ALICE", "U0ALICE", "U0CAROL"])
            let hours = try await fallbackText(of: "/hours", "", as: "U0CAROL", client: client, clock: clock)
            #expect(hours == "Your working hours: mon-fri 09:00-17:00 Asia/Kolkata")
        }
    }

    @Test func explainsTheChannelsPolicy() async throws {
        try await withApp { client, _, clock, _ in
            let body = slashCommandBody(command: "/async", text: "policy")
            let response = try await post(client, "/slack/commands", body: body, headers: slackHeaders(for: body, at: clock.now))
            let answer = try json(response)
            #expect(answer["text"] as? String == "Asks here are standard by default.")
            let blocks = String(decoding: try JSONSerialization.data(withJSONObject: answer["blocks"]!), as: UTF8.self)
            #expect(blocks.contains("*urgent*: answer within 4h of the assignee's working time"))
            #expect(blocks.contains("Team hours: mon-fri 09:00-17:00 UTC"))
        }
    }

    @Test func anExplicitDeadlineReplacesTheTierWindow() async throws {
        try await withApp { client, store, clock, _ in
            let body = slashCommandBody(text: "<@U0BOB> <@U0CAROL> review https://example.com/doc — ok? by 2026-12-03 15:00 !urgent")
            let response = try await post(client, "/slack/commands", body: body, headers: slackHeaders(for: body, at: clock.now))
            let blocks = String(decoding: try JSONSerialization.data(withJSONObject: try json(response)["blocks"]!), as: UTF8.self)
            #expect(blocks.contains("<!date^1796310000^"))
            let item = try #require(try await store.item(ItemID(1), in: WorkspaceRef(platform: "slack", workspaceID: "T0TEAM")))
            #expect(item.request == "review https://example.com/doc — ok?")
            #expect(item.tierName == "urgent")
            #expect(item.assignments.map(\.dueAt) == Array(repeating: Date(timeIntervalSince1970: 1_796_310_000), count: 2))
        }
    }

    @Test func refusesASignedBodyThatIsNotACommand() async throws {
        try await withApp { client, _, clock, _ in
            let body = "hello=world"
            let response = try await post(client, "/slack/commands", body: body, headers: slackHeaders(for: body, at: clock.now))
            #expect(response.status == .badRequest)
        }
    }

    @Test func listsInboxAndSentAndClosesItems() async throws {
        try await withApp { client, _, clock, _ in
            func run(_ command: String, _ text: String, as user: String) async throws -> String {
                try await fallbackText(of: command, text, as: user, client: client, clock: clock)
            }
            _ = try await run("/ask", "<@U0BOB> <@U0CAROL> pick a launch date https://example.com/plan — March or April?", as: "U0ALICE")
            #expect(try await run("/inbox", "", as: "U0BOB") == "1 items wait on you")
            #expect(try await run("/sent", "", as: "U0ALICE") == "You wait on 1 items")
            #expect(try await run("/cancel", "1", as: "U0BOB").contains("only the person who asked"))
            #expect(try await run("/done", "1", as: "U0EVE").contains("can't mark #1 done"))
            #expect(try await run("/done", "1", as: "U0BOB").contains("1 more still to answer"))
            #expect(try await run("/inbox", "", as: "U0BOB").contains("Nothing waits on you"))
            #expect(try await run("/done", "1", as: "U0CAROL").contains("Everyone's part is finished"))
            #expect(try await run("/sent", "", as: "U0ALICE").contains("not waiting on anyone"))
            #expect(try await run("/cancel", "1", as: "U0ALICE").contains("already done"))
        }
    }

    @Test func answersSlacksURLVerificationChallenge() async throws {
        try await withApp { client, _, clock, _ in
            let url = Bundle.module.url(forResource: "slack-url-verification", withExtension: "json", subdirectory: "Fixtures")!
            let body = try String(contentsOf: url, encoding: .utf8)
            let response = try await post(client, "/slack/events", body: body, headers: slackHeaders(for: body, at: clock.now))
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
        }
    }

    @Test func disabledSlackAnswers503WithTheMissingVariables() async throws {
        try await withApp(slack: nil) { client, _, _, _ in
            for path in ["/slack/commands", "/slack/interactions", "/slack/events"] {
                let response = try await post(client, path, body: "x=1", headers: [])
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN"))
            }
        }
    }

    @Test func reportsHealthReadinessAndMetrics() async throws {
        try await withApp { client, _, _, _ in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            _ = try await client.execute(uri: "/nowhere", method: .get)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            #expect(text.contains(#"unhurried_http_requests_total{route="/healthz",method="GET",status="200"} 1"#))
            #expect(text.contains(#"unhurried_http_requests_total{route="NotFound",method="GET",status="404"} 1"#))
            #expect(text.contains("unhurried_http_request_duration_seconds_bucket"))
        }
    }
}

extension SlackRouteTests {
    @Test func countsPayloadsItCannotReadAndAnswersThemAsBefore() async throws {
        try await withApp { client, store, clock, metrics in
            let command = "hello=world"
            #expect(try await post(client, "/slack/commands", body: command, headers: slackHeaders(for: command, at: clock.now)).status == .badRequest)
            let interaction = "payload=%7Bnot+json"
            let clicked = try await post(client, "/slack/interactions", body: interaction, headers: slackHeaders(for: interaction, at: clock.now))
            #expect(clicked.status == .ok)
            #expect(clicked.body.readableBytes == 0)
            let event = #"{"type":"event_callback","team_id":"T0TEAM","event":{"type":"message"}}"#
            #expect(try await post(client, "/slack/events", body: event, headers: slackHeaders(for: event, at: clock.now)).status == .badRequest)
            // Another kind of interaction is not Unhurried's, but nothing is wrong with it.
            let shortcut = "payload=" + FormBody.percentEncoded(#"{"type":"shortcut","callback_id":"other","user":{"id":"U0BOB"}}"#)
            #expect(try await post(client, "/slack/interactions", body: shortcut, headers: slackHeaders(for: shortcut, at: clock.now)).status == .ok)

            let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(text.contains(#"unhurried_inbound_undecodable_total{platform="slack",reason="missing_field:command"} 1"#))
            #expect(text.contains(#"unhurried_inbound_undecodable_total{platform="slack",reason="not_json"} 1"#))
            #expect(text.contains(#"unhurried_inbound_undecodable_total{platform="slack",reason="missing_field:event_id"} 1"#))
            #expect(metrics.render().components(separatedBy: "\n").filter { $0.hasPrefix("unhurried_inbound_undecodable_total{") }.count == 3)
            #expect(try await store.posts(withStatus: .pending).isEmpty)
        }
    }
}
