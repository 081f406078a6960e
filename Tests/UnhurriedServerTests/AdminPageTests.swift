import ChatPlatformKit
import ChatPlatforms
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import UnhurriedCore
@testable import UnhurriedServer
import UnhurriedStorage

/// The admin page in-process: its login and session rules, the overview's figures and charts, Retry and the what-if.
@Suite struct AdminPageTests {
    static let token = "admin-page-secret-7f3c9a1e5b2d8046"

    struct AdminClient {
        let client: any TestClientProtocol
        /// The `Cookie` header a browser would send: `name=value; …`.
        var cookies: [String: String] = [:]

        var cookieHeader: HTTPFields {
            var fields = HTTPFields()
            if !cookies.isEmpty { fields[.cookie] = cookies.map { "\($0)=\($1)" }.sorted().joined(separator: "; ") }
            return fields
        }

        mutating func get(_ path: String) async throws -> TestResponse {
            let response = try await client.execute(uri: path, method: .get, headers: cookieHeader)
            keep(response)
            return response
        }

        mutating func post(_ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
            var headers = cookieHeader
            headers[.contentType] = "application/x-www-form-urlencoded"
            let body = fields.map { "\($0)=\(FormBody.percentEncoded($1))" }.joined(separator: "&")
            let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
            keep(response)
            return response
        }

        /// As a browser does: a cookie set with Max-Age=0 is forgotten.
        private mutating func keep(_ response: TestResponse) {
            for header in response.headers[values: .setCookie] {
                let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(pair[0])
                if header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = pair.count > 1 ? String(pair[1]) : "" }
            }
        }

        /// Logs in through the form, as a person would.
        mutating func logIn(token: String = AdminPageTests.token) async throws -> TestResponse {
            let form = try await get("/admin/login")
            return try await post("/admin/login", [("csrf", try AdminPageTests.csrf(in: form)), ("token", token)])
        }
    }

    static func csrf(in response: TestResponse) throws -> String {
        let html = String(buffer: response.body)
        let match = try #require(html.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/))
        return String(match.1)
    }

    private func withAdmin(
        token: String? = AdminPageTests.token, policyFile: String? = nil, spacing: Duration = .milliseconds(1),
        pacingClock: any Clock<Duration> = ContinuousClock(),
        _ body: @escaping @Sendable (AdminClient, any ClosableStore, VirtualClock, ServerMetrics) async throws -> Void
    ) async throws {
        let database = try await TestDatabase.make(.sqlite)
        let store = try await database.open()
        let clock = VirtualClock(testStart)
        let metrics = ServerMetrics()
        var configuration = ServerConfiguration(
            enabled: [SlackPlatform(settings: SlackSettings(signingSecrets: [testSigningSecret], botToken: testBotToken))],
            policyFile: policyFile, runsBackgroundWorkers: false)
        configuration.adminToken = token
        configuration.wrongAdminTokenSpacing = spacing
        configuration.wrongAdminTokenClock = pacingClock
        let app = buildApplication(
            configuration: configuration,
            dependencies: ServerDependencies(
                store: store, policy: LivePolicy(.builtIn), clock: clock, httpClient: SlackRouteTests.AcceptingHTTPClient(), logger: quietLogger),
            metrics: metrics)
        try await app.test(.router) { client in try await body(AdminClient(client: client), store, clock, metrics) }
        try await store.close()
        await database.remove()
    }

    /// Two asks of Bob on Monday 08:00; he acknowledges the first at 11:00 (two working hours); at 19:00 the second is
    /// past its 17:00 deadline.
    private func seedTwoAsks(_ admin: AdminClient, clock: VirtualClock) async throws {
        for (command, text) in [
            ("/ask", "<@U0BOB> review https://example.com/a — ok to ship?"), ("/ask", "<@U0BOB> check https://example.com/b — right numbers?"),
        ] {
            let body = slashCommandBody(command: command, text: text)
            _ = try await postSigned(admin, body, clock: clock)
        }
        clock.advance(by: 3 * 3600)
        _ = try await postSigned(admin, slashCommandBody(command: "/ack", text: "1", user: "U0BOB"), clock: clock)
        clock.advance(by: 8 * 3600)
    }

    private func postSigned(_ admin: AdminClient, _ body: String, clock: VirtualClock) async throws -> TestResponse {
        var fields = HTTPFields()
        for (name, value) in slackHeaders(for: body, at: clock.now) { fields[HTTPField.Name(name)!] = value }
        fields[.contentType] = "application/x-www-form-urlencoded"
        return try await admin.client.execute(uri: "/slack/commands", method: .post, headers: fields, body: ByteBuffer(string: body))
    }

    @Test func sendsABrowserWithoutASessionToTheLoginForm() async throws {
        try await withAdmin { admin, _, _, _ in
            var admin = admin
            for path in ["/admin", "/admin/what-if"] {
                let response = try await admin.get(path)
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/admin/login")
            }
            let form = try await admin.get("/admin/login")
            #expect(form.status == .ok)
            let loginCookie = try #require(form.headers[values: .setCookie].first { $0.hasPrefix("\(AdminSessions.loginCookieName)=") })
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/admin", "Max-Age=3600"] { #expect(loginCookie.contains(attribute)) }
            // A plain random double-submit value, nothing derived from the admin token.
            #expect(admin.cookies[AdminSessions.loginCookieName] == (try Self.csrf(in: form)))
            #expect(form.headers[.contentType] == "text/html; charset=utf-8")
            #expect(form.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true)
            let html = String(buffer: form.body)
            #expect(html.contains(#"<label for="token">Admin token</label>"#))
            #expect(!html.contains("<script"))
        }
    }

    @Test func logsInWithTheAdminTokenIntoAStrictHttpOnlySession() async throws {
        try await withAdmin { admin, _, _, _ in
            var admin = admin
            let login = try await admin.logIn()
            #expect(login.status == .seeOther)
            #expect(login.headers[.location] == "/admin")
            let session = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("\(AdminSessions.cookieName)=") })
            #expect(session.contains("HttpOnly"))
            #expect(session.contains("SameSite=Strict"))
            #expect(session.contains("Path=/admin"))
            #expect(!session.contains("Secure"))
            #expect(session.contains("Max-Age=28800"))
            let overview = try await admin.get("/admin")
            #expect(overview.status == .ok)
            #expect(String(buffer: overview.body).contains("Log out"))

            // Behind a TLS-terminating proxy the cookie is Secure.
            var fresh = AdminClient(client: admin.client)
            let form = try await fresh.get("/admin/login")
            var headers = fresh.cookieHeader
            headers[.contentType] = "application/x-www-form-urlencoded"
            headers[.xForwardedProto] = "https,http"
            let body = "csrf=\(try Self.csrf(in: form))&token=\(Self.token)"
            let overTLS = try await admin.client.execute(uri: "/admin/login", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(overTLS.headers[values: .setCookie].contains { $0.hasPrefix("\(AdminSessions.cookieName)=") && $0.contains("Secure") })

            // Logging out forgets the session.
            let logout = try await admin.post("/admin/logout", [("csrf", try Self.csrf(in: overview))])
            #expect(logout.status == .seeOther)
            #expect(try await admin.get("/admin").headers[.location] == "/admin/login")
        }
    }

    @Test func answersAWrongTokenSlowlyWithoutAHintAndCountsIt() async throws {
        try await withAdmin(spacing: .milliseconds(400)) { admin, _, _, metrics in
            var admin = admin
            let started = ContinuousClock.now
            let refused = try await admin.logIn(token: "admin-page-secre")
            #expect(ContinuousClock.now - started >= .milliseconds(400))
            #expect(refused.status == .unauthorized)
            #expect(!refused.headers[values: .setCookie].contains { $0.hasPrefix("\(AdminSessions.cookieName)=") })
            let html = String(buffer: refused.body)
            #expect(html.contains("That token was not accepted."))
            #expect(!html.contains("admin-page-secre"))
            #expect(metrics.render().contains(#"unhurried_verification_failures_total{platform="admin",reason="wrong_token"} 1"#))
            #expect(try await admin.get("/admin").status == .seeOther)

            // The Bearer token still works for the JSON, and a wrong one is paced alike.
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(Self.token)"
            #expect(try await admin.client.execute(uri: "/admin/stats", method: .get, headers: headers).status == .ok)
            headers[.authorization] = "Bearer nope"
            let bearerStarted = ContinuousClock.now
            #expect(try await admin.client.execute(uri: "/admin/stats", method: .get, headers: headers).status == .unauthorized)
            #expect(ContinuousClock.now - bearerStarted >= .milliseconds(400))
        }
    }

    @Test func refusesExpiredEndedAndMadeUpSessions() async throws {
        try await withAdmin { admin, store, clock, _ in
            var admin = admin
            _ = try await admin.logIn()
            let real = try #require(admin.cookies[AdminSessions.cookieName])
            #expect(real.wholeMatch(of: /[0-9a-f]{32}/) != nil)
            #expect(try await store.adminSession(real, at: clock.now) != nil)
            for forged in ["", "1.2.3", AdminSessions.randomValue(), real.uppercased()] {
                var forger = AdminClient(client: admin.client, cookies: [AdminSessions.cookieName: forged])
                #expect(try await forger.get("/admin").headers[.location] == "/admin/login", "\(forged)")
            }
            #expect(try await admin.get("/admin").status == .ok)
            clock.advance(by: AdminSessions.lifetime)
            #expect(try await admin.get("/admin").headers[.location] == "/admin/login")
            // The next login forgets the expired session.
            _ = try await admin.logIn()
            #expect(try await store.forgetAdminSessions(expiredBy: clock.now) == 0)
        }
    }

    @Test func endsTheSessionInTheStoreOnLogout() async throws {
        try await withAdmin { admin, store, clock, _ in
            var admin = admin
            _ = try await admin.logIn()
            let id = try #require(admin.cookies[AdminSessions.cookieName])
            let overview = try await admin.get("/admin")
            _ = try await admin.post("/admin/logout", [("csrf", try Self.csrf(in: overview))])
            #expect(try await store.adminSession(id, at: clock.now) == nil)
            // A copy of the cookie kept from before is no use either.
            var copy = AdminClient(client: admin.client, cookies: [AdminSessions.cookieName: id])
            #expect(try await copy.get("/admin").headers[.location] == "/admin/login")
        }
    }

    @Test func refusesAFormWithoutItsSessionsCSRFToken() async throws {
        try await withAdmin { admin, _, _, metrics in
            var admin = admin
            _ = try await admin.logIn()
            var otherAdmin = AdminClient(client: admin.client)
            _ = try await otherAdmin.logIn()
            let other = try Self.csrf(in: try await otherAdmin.get("/admin"))
            for csrf in ["", "0123", other] {
                let response = try await admin.post("/admin/what-if", [("csrf", csrf), ("policy", "version: 1\n")])
                #expect(response.status == .forbidden)
                #expect(!String(buffer: response.body).contains("What the candidate would change"))
            }
            #expect(try await admin.post("/admin/logout", [("csrf", "")]).status == .forbidden)
            #expect(admin.cookies[AdminSessions.cookieName] != nil)
            #expect(metrics.render().contains(#"reason="csrf_mismatch"} 4"#))
            // The login form has its own token, which must be the one in the cookie of the browser that asked for it.
            var stranger = AdminClient(client: admin.client)
            #expect(try await stranger.post("/admin/login", [("csrf", "00"), ("token", Self.token)]).status == .forbidden)
            _ = try await stranger.get("/admin/login")
            #expect(try await stranger.post("/admin/login", [("csrf", "00"), ("token", Self.token)]).status == .forbidden)
        }
    }

    /// Once the queue of wrong guesses is full, the right token is refused alike: a quick 429 says nothing of a guess.
    @Test func refusesEveryTokenWhileFloodedWithWrongOnes() async throws {
        try await withAdmin(spacing: .seconds(30), pacingClock: FrozenClock()) { admin, _, _, metrics in
            var admin = admin
            #expect(try await admin.logIn(token: "wrong-1").status == .unauthorized)
            #expect(try await admin.logIn(token: "wrong-2").status == .unauthorized)
            #expect(try await admin.logIn(token: "wrong-3").status == .tooManyRequests)
            let right = try await admin.logIn()
            #expect(right.status == .tooManyRequests)
            #expect(right.headers[.retryAfter] == "60")
            #expect(!right.headers[values: .setCookie].contains { $0.hasPrefix("\(AdminSessions.cookieName)=") })
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(Self.token)"
            #expect(try await admin.client.execute(uri: "/admin/stats", method: .get, headers: headers).status == .tooManyRequests)
            #expect(metrics.render().contains(#"reason="too_many_wrong_tokens"} 3"#))
        }
    }

    /// Anyone may post the login form, so it is read only up to 8 KiB; a signed-in what-if takes a whole policy file.
    @Test func readsALargeFormOnlyFromASignedInAdmin() async throws {
        try await withAdmin { admin, _, _, _ in
            var admin = admin
            let padding = String(repeating: "#", count: 9 * 1024)
            let form = try await admin.get("/admin/login")
            #expect(try await admin.post("/admin/login", [("csrf", try Self.csrf(in: form)), ("token", padding)]).status == .contentTooLarge)
            _ = try await admin.logIn()
            let whatIf = try await admin.get("/admin/what-if")
            let candidate = "# \(padding)\nversion: 1\ntiers:\n  standard: { respond_within: 4h }\ndefault_tier: standard\n"
            let response = try await admin.post("/admin/what-if", [("csrf", try Self.csrf(in: whatIf)), ("policy", candidate)])
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("How to apply it"))
        }
    }

    @Test func marksCookiesSecureWhenAProxySaysTheBrowserCameOverTLS() async throws {
        for (name, value, secure) in [
            ("X-Forwarded-Proto", "https,http", true), ("X-Forwarded-Proto", "http, https", false),
            ("Forwarded", "for=192.0.2.60;proto=https;by=203.0.113.43", true), ("Forwarded", "proto=http, proto=https", false),
        ] {
            let headers: HTTPFields = [HTTPField.Name(name)!: value]
            #expect(AdminCookieSecurity.cameOverTLS(headers) == secure, "\(name): \(value)")
        }
        #expect(AdminCookieSecurity(setting: nil, host: "0.0.0.0").listensOnLoopback == false)
        #expect(AdminCookieSecurity(setting: nil, host: "localhost").listensOnLoopback)
    }

    @Test func refusesAShortAdminTokenNamingTheVariable() throws {
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.adminToken(from: ["UNHURRIED_ADMIN_TOKEN": "too-short"]) }
        #expect(try ServerConfiguration.adminToken(from: ["UNHURRIED_ADMIN_TOKEN": Self.token]) == Self.token)
        #expect(try ServerConfiguration.adminToken(from: ["UNHURRIED_ADMIN_TOKEN": ""]) == nil)
        #expect(try ServerConfiguration.adminCookieSecure(from: ["UNHURRIED_ADMIN_COOKIE_SECURE": "false"]) == false)
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.adminCookieSecure(from: ["UNHURRIED_ADMIN_COOKIE_SECURE": "yes"]) }
    }

    @Test func showsTeamFiguresWeekByWeekAsChartsAndTables() async throws {
        try await withAdmin { admin, _, clock, _ in
            var admin = admin
            try await seedTwoAsks(admin, clock: clock)
            _ = try await admin.logIn()
            let overview = try await admin.get("/admin")
            #expect(overview.status == .ok)
            let html = String(buffer: overview.body)
            #expect(html.contains("<h3>slack:C0GENERAL · standard</h3>"))
            #expect(html.contains(#"<svg class="chart""#))
            #expect(html.contains(#"aria-label="slack:C0GENERAL · standard: median first response by week, in working hours""#))
            // The last week (from Monday 16th, 19:00): two asks, a median of 2h, half within the expected time.
            #expect(html.contains(#"<tr><td>Nov 16</td><td class="number">2</td><td class="number">2h</td><td class="number">50%</td></tr>"#))
            #expect(html.contains(#"<tr><td>Nov 9</td><td class="number">0</td><td class="number">–</td><td class="number">–</td></tr>"#))
            #expect(html.contains(#"<strong id="overdue-total">1</strong>"#))
            #expect(html.contains(#"<tr><td>slack:C0GENERAL</td><td>standard</td><td class="number">1</td></tr>"#))
            // Counts, never people.
            #expect(!html.contains("U0BOB"))
            #expect(!html.contains("U0ALICE"))
            #expect(html.contains("<td>Slack</td><td>enabled</td>"))
            #expect(html.contains("<td>Mattermost</td><td>disabled: set"))
            #expect(html.contains("built-in (no --config)"))
        }
    }

    @Test func retriesADeadPostFromItsButton() async throws {
        try await withAdmin { admin, store, clock, _ in
            var admin = admin
            try await store.queue([QueuedPost(
                idempotencyKey: IdempotencyKey(stored: "digest:C0GENERAL:2026-11-23"), channel: ChatChannel(platform: "slack", workspaceID: "T0TEAM", channelID: "C0GONE"),
                kind: .digest, itemID: nil, body: nil, dueAt: clock.now)])
            let post = try #require(try await store.posts(withStatus: .pending).first)
            try await store.markFailed(post.id, error: "channel_not_found", retryAt: nil, uncertain: false)
            _ = try await admin.logIn()
            let overview = try await admin.get("/admin")
            let html = String(buffer: overview.body)
            #expect(html.contains("<h3>channel_not_found (1)</h3>"))
            #expect(html.contains(#"<strong id="outbox-dead">1</strong>"#))
            #expect(html.contains(#"aria-label="Retry post \#(post.id)""#))
            let retried = try await admin.post("/admin/outbox/retry", [("csrf", try Self.csrf(in: overview)), ("post", "\(post.id)")])
            #expect(retried.status == .seeOther)
            #expect(retried.headers[.location] == "/admin?retried=\(post.id)#dead-posts")
            #expect(try await store.posts(withStatus: .pending).map(\.id) == [post.id])
            let after = String(buffer: try await admin.get("/admin?retried=\(post.id)").body)
            #expect(after.contains("Post \(post.id) is queued again."))
            #expect(after.contains(#"<strong id="outbox-dead">0</strong>"#))
        }
    }

    static let markup = #"<script>alert("x")</script>"#

    /// What chat platforms, the outbox and policy files say goes into the page as text, never as markup.
    static func expectEscaped(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!html.contains("<script"), sourceLocation: sourceLocation)
        #expect(html.contains("&lt;script&gt;"), sourceLocation: sourceLocation)
        #expect(!html.contains(#"alert("x")"#), sourceLocation: sourceLocation)
    }

    @Test func escapesAChannelNameAndADeadPostsReason() async throws {
        try await withAdmin { admin, store, clock, _ in
            var admin = admin
            try await store.queue([QueuedPost(
                idempotencyKey: IdempotencyKey(stored: "digest:markup:2026-11-23"),
                channel: ChatChannel(platform: "slack", workspaceID: "T0TEAM", channelID: Self.markup), kind: .digest, itemID: nil, body: nil,
                dueAt: clock.now)])
            let post = try #require(try await store.posts(withStatus: .pending).first)
            try await store.markFailed(post.id, error: Self.markup, retryAt: nil, uncertain: false)
            _ = try await admin.logIn()
            Self.expectEscaped(String(buffer: try await admin.get("/admin").body))
        }
    }

    @Test func escapesARejectedReloadsProblemsAndACandidatesTierName() async throws {
        let page = AdminOverviewPage(
            csrf: "00", notice: nil, now: testStart, trends: [], backlog: [:], dead: [], platforms: [], activity: PlatformActivity(),
            policy: PolicyStatus.State(file: "policy.yaml", loadedAt: testStart, lastReloadError: Self.markup, lastReloadErrorAt: testStart),
            tiers: ResponsePolicy.builtIn.tiers)
        Self.expectEscaped(AdminTemplates.render(page, "overview"))

        try await withAdmin { admin, _, _, _ in
            var admin = admin
            _ = try await admin.logIn()
            let form = try await admin.get("/admin/what-if")
            let candidate = "version: 1\ntiers:\n  '\(Self.markup)': { respond_within: soon }\ndefault_tier: standard\n"
            let response = try await admin.post("/admin/what-if", [("csrf", try Self.csrf(in: form)), ("policy", candidate)])
            Self.expectEscaped(String(buffer: response.body))
        }
    }

    @Test func showsACandidatePolicysProblemsWithLineAndColumn() async throws {
        try await withAdmin { admin, _, _, _ in
            var admin = admin
            _ = try await admin.logIn()
            let form = try await admin.get("/admin/what-if")
            let candidate = "version: 1\ntiers:\n  standard: { respond_within: soon }\ndefault_tier: standard\n"
            let response = try await admin.post("/admin/what-if", [("csrf", try Self.csrf(in: form)), ("policy", candidate)])
            let html = String(buffer: response.body)
            #expect(html.contains("The candidate has problems"))
            #expect(html.contains(#"<td class="number">3</td>"#))
            #expect(html.contains("<code>tiers.standard.respond_within</code>"))
            // What was pasted comes back, escaped, to be corrected.
            #expect(html.contains("standard: { respond_within: soon }"))
        }
    }

    @Test func comparesACandidatePolicyOnTheTeamsRecentAsks() async throws {
        try await withAdmin { admin, _, clock, _ in
            var admin = admin
            try await seedTwoAsks(admin, clock: clock)
            _ = try await admin.logIn()
            let form = try await admin.get("/admin/what-if")
            let candidate = """
                version: 1
                timezone: UTC
                working_hours: "mon-fri 09:00-17:00"
                tiers:
                  standard: { respond_within: 4h, escalate_after: 2h }
                default_tier: standard
                """
            let response = try await admin.post("/admin/what-if", [("csrf", try Self.csrf(in: form)), ("policy", candidate)])
            let html = String(buffer: response.body)
            #expect(html.contains("Compared on 2 asks (2 assignments)."))
            #expect(html.contains(#"<td class="number" id="deadlines-earlier">2</td><td>median 4h, at most 4h</td>"#))
            #expect(html.contains(#"<td class="number" id="deadlines-later">0</td>"#))
            #expect(html.contains(#"<td class="number" id="escalations-gained">2</td>"#))
            #expect(html.contains("How to apply it"))
        }
    }

    @Test func saysTheAdminPageIsOffWithoutAToken() async throws {
        try await withAdmin(token: nil) { admin, _, _, _ in
            var admin = admin
            let form = try await admin.get("/admin/login")
            #expect(String(buffer: form.body).contains("The admin page is off on this server"))
            #expect(try await admin.post("/admin/login", [("csrf", ""), ("token", "x")]).status == .unauthorized)
            #expect(try await admin.get("/admin").headers[.location] == "/admin/login")
        }
    }
}

/// A clock whose time stands still and whose sleeps end at once: a queue of waits fills without anyone waiting.
struct FrozenClock: Clock {
    let now = ContinuousClock.now
    var minimumResolution: Duration { .zero }

    func sleep(until deadline: ContinuousClock.Instant, tolerance: Duration?) async throws {}
}
