import ChatPlatformKit
import ChatPlatforms
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import UnhurriedConfiguration
import UnhurriedCore

/// The admin page: `GET /admin` (the overview), its login form, Retry on a dead post and the what-if. Server-rendered
/// HTML, no script; every page but the login needs a session, and every form carries the session's CSRF token.
struct AdminPageRoutes<Context: RequestContext> {
    /// The largest form taken: a policy file is a few kilobytes.
    static var largestForm: Int { 512 * 1024 }

    let access: AdminAccess
    let store: any UnhurriedStore
    let policy: LivePolicy
    let policyStatus: PolicyStatus
    let platforms: [PlatformAvailability]
    let activity: PlatformActivity
    let clock: any WallClock
    let deliveryWake: WakeSignal

    func register(on group: RouterGroup<Context>) {
        group.get(use: overview)
        group.get("login", use: loginForm)
        group.post("login", use: logIn)
        group.post("logout", use: logOut)
        group.post("outbox/retry", use: retry)
        group.get("what-if", use: whatIfForm)
        group.post("what-if", use: whatIf)
    }

    private struct LoginPage {
        var off: Bool
        var refused: Bool
        var loginToken: String
        var sessionHours = Int(AdminSessions.lifetime / 3600)
        /// The layout shows the navigation only with a session.
        var csrf: String?
    }

    @Sendable func loginForm(_ request: Request, context: Context) async throws -> Response {
        if access.session(of: request, now: clock.now) != nil { return .redirect(to: "/admin") }
        return loginPage(refused: false, status: .ok, request: request)
    }

    @Sendable func logIn(_ request: Request, context: Context) async throws -> Response {
        let fields = try await form(of: request, context: context)
        guard let sessions = access.sessions else {
            _ = await access.refuse(reason: "no_admin_token_configured", request: request, context: context)
            return loginPage(refused: false, status: .unauthorized, request: request)
        }
        let nonce = request.cookies[AdminSessions.loginCookieName]?.value ?? ""
        guard !nonce.isEmpty, SecretComparison.matches(fields["csrf"] ?? "", sessions.loginToken(forNonce: nonce)) else {
            return refusedForm(request: request, context: context)
        }
        guard access.accepts(fields["token"] ?? "") else {
            if let tooMany = await access.refuse(reason: "wrong_token", request: request, context: context) { return tooMany }
            return loginPage(refused: true, status: .unauthorized, request: request)
        }
        let session = sessions.start(now: clock.now)
        var response = Response.redirect(to: "/admin")
        response.setCookie(cookie(AdminSessions.cookieName, session.cookieValue, maxAge: Int(AdminSessions.lifetime), request: request))
        response.setCookie(cookie(AdminSessions.loginCookieName, "", maxAge: 0, request: request))
        context.logger.notice("Admin logged in", metadata: ["session_expires": "\(session.expiresAt.formatted(.iso8601))"])
        return response
    }

    @Sendable func logOut(_ request: Request, context: Context) async throws -> Response {
        try await withSession(request, context: context, form: true) { _, _ in
            var response = Response.redirect(to: "/admin/login")
            response.setCookie(cookie(AdminSessions.cookieName, "", maxAge: 0, request: request))
            return response
        }
    }

    @Sendable func overview(_ request: Request, context: Context) async throws -> Response {
        try await withSession(request, context: context, form: false) { csrf, _ in
            let now = clock.now
            let policyInForce = policy.current
            let trends = try await StatisticsReader(store: store, policy: policyInForce).trends(weeks: AdminOverviewPage.weekCount, now: now)
            let page = AdminOverviewPage(
                csrf: csrf, notice: Self.notice(request), now: now, trends: trends, backlog: try await store.countPostsAwaitingAttention(),
                dead: try await store.posts(withStatus: .dead), platforms: platforms, activity: activity, policy: policyStatus.current,
                tiers: policyInForce.tiers)
            return Self.html(AdminTemplates.render(page, "overview"))
        }
    }

    @Sendable func retry(_ request: Request, context: Context) async throws -> Response {
        try await withSession(request, context: context, form: true) { _, fields in
            guard let id = fields["post"].flatMap({ Int64($0) }) else { return Self.html("No such post.\n", status: .badRequest) }
            let requeued = try await store.requeue(id, at: clock.now)
            if requeued {
                deliveryWake.wake()
                context.logger.notice("Admin queued a post again", metadata: ["post": "\(id)"])
            }
            return .redirect(to: "/admin?\(requeued ? "retried" : "not-retried")=\(id)#dead-posts")
        }
    }

    @Sendable func whatIfForm(_ request: Request, context: Context) async throws -> Response {
        try await withSession(request, context: context, form: false) { csrf, _ in
            let file = policyStatus.current.file
            let text = file.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
            return Self.html(AdminTemplates.render(WhatIfPage(csrf: csrf, candidate: text, policyFile: file), "what-if"))
        }
    }

    @Sendable func whatIf(_ request: Request, context: Context) async throws -> Response {
        try await withSession(request, context: context, form: true) { csrf, fields in
            let text = fields["policy"] ?? ""
            var page = WhatIfPage(csrf: csrf, candidate: text, policyFile: policyStatus.current.file)
            let candidate: ResponsePolicy
            do throws(YAMLFileError) {
                candidate = try PolicyFile.parse(text, file: "candidate", platforms: RegisteredPlatforms.names)
            } catch {
                page.show(error)
                return Self.html(AdminTemplates.render(page, "what-if"))
            }
            page.show(try await PolicyRehearsal(store: store).compare(current: policy.current, candidate: candidate, now: clock.now))
            return Self.html(AdminTemplates.render(page, "what-if"))
        }
    }

    /// Runs `body` with the session's CSRF token (and the form's fields when `form`), or sends the browser to log in.
    /// A form whose CSRF token is not its session's is refused.
    private func withSession(
        _ request: Request, context: Context, form: Bool, _ body: (_ csrf: String, _ fields: [String: String]) async throws -> Response
    ) async throws -> Response {
        guard let sessions = access.sessions, let session = access.session(of: request, now: clock.now) else {
            return .redirect(to: "/admin/login")
        }
        var fields: [String: String] = [:]
        if form {
            fields = try await self.form(of: request, context: context)
            guard sessions.acceptsCSRFToken(fields["csrf"] ?? "", for: session) else { return refusedForm(request: request, context: context) }
        }
        return try await body(sessions.csrfToken(for: session), fields)
    }

    private func refusedForm(request: Request, context: Context) -> Response {
        access.metrics.verificationFailed(platform: "admin", reason: "csrf_mismatch")
        context.logger.notice("Refused an admin form without its CSRF token", metadata: ["path": "\(request.uri.path)"])
        return Self.html(
            "<!doctype html><title>Form expired</title><p>This form has expired. <a href=\"/admin\">Open the page again</a>.</p>\n",
            status: .forbidden)
    }

    private func loginPage(refused: Bool, status: HTTPResponse.Status, request: Request) -> Response {
        let nonce = AdminSessions.randomID()
        let page = LoginPage(off: access.sessions == nil, refused: refused, loginToken: access.sessions?.loginToken(forNonce: nonce) ?? "")
        var response = Self.html(AdminTemplates.render(page, "login"), status: status)
        response.setCookie(cookie(AdminSessions.loginCookieName, nonce, maxAge: 3600, request: request))
        return response
    }

    private func form(of request: Request, context: Context) async throws -> [String: String] {
        var request = request
        return FormBody.fields(of: String(buffer: try await request.collectBody(upTo: Self.largestForm)))
    }

    /// `HttpOnly`, `SameSite=Strict`, for `/admin` only; `Secure` when the request came over TLS to the proxy in front.
    private func cookie(_ name: String, _ value: String, maxAge: Int, request: Request) -> Cookie {
        let overTLS = request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
        return Cookie(name: name, value: value, maxAge: maxAge, path: "/admin", secure: overTLS, httpOnly: true, sameSite: .strict)
    }

    private static func notice(_ request: Request) -> String? {
        if let id = request.uri.queryParameters.get("retried").flatMap({ Int64($0) }) { return "Post \(id) is queued again." }
        if let id = request.uri.queryParameters.get("not-retried").flatMap({ Int64($0) }) {
            return "Post \(id) was not queued again: it is no longer pending or dead."
        }
        return nil
    }

    /// No script runs and nothing is loaded from elsewhere; the page is never cached or framed.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                HTTPField.Name("Content-Security-Policy")!:
                    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                HTTPField.Name("X-Content-Type-Options")!: "nosniff", HTTPField.Name("Referrer-Policy")!: "no-referrer",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
