import ChatPlatformKit
import ChatPlatforms
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import UnhurriedConfiguration
import UnhurriedCore

/// The largest form bodies the admin page reads (a generic type cannot keep them as stored constants).
enum AdminFormLimit {
    /// Login, logout and Retry: a few short fields; the login's is read from anyone.
    static let small = 8 * 1024
    /// The what-if, read only from a signed-in admin: a policy file is a few kilobytes.
    static let policy = 512 * 1024
}

/// The admin page: `GET /admin` (the overview), its login form, Retry on a dead post and the what-if. Server-rendered
/// HTML, no script; every page but the login needs a session, and every form carries the session's CSRF token.
struct AdminPageRoutes<Context: RequestContext> {
    let access: AdminAccess
    let store: any UnhurriedStore
    let policy: LivePolicy
    let policyStatus: PolicyStatus
    let platforms: [PlatformAvailability]
    let activity: PlatformActivity
    let clock: any WallClock
    let deliveryWake: WakeSignal
    let cookieSecurity: AdminCookieSecurity

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
        let signedIn = false
    }

    @Sendable func loginForm(_ request: Request, context: Context) async throws -> Response {
        if try await access.session(of: request, now: clock.now) != nil { return .redirect(to: "/admin") }
        return loginPage(refused: false, status: .ok, request: request)
    }

    @Sendable func logIn(_ request: Request, context: Context) async throws -> Response {
        let fields = try await form(of: request, context: context, upTo: AdminFormLimit.small)
        guard let sessions = access.sessions else {
            access.refused(.notConfigured, request: request, context: context)
            return loginPage(refused: false, status: .unauthorized, request: request)
        }
        let loginToken = request.cookies[AdminSessions.loginCookieName]?.value ?? ""
        guard !loginToken.isEmpty, SecretComparison.matches(fields["csrf"] ?? "", loginToken) else {
            return refusedForm(request: request, context: context)
        }
        switch await access.check(fields["token"] ?? "", request: request, context: context) {
        case .accepted: break
        case .flooded: return AdminAccess.floodedResponse
        case .refused: return loginPage(refused: true, status: .unauthorized, request: request)
        }
        let session = try await sessions.start(now: clock.now)
        var response = Response.redirect(to: "/admin")
        response.setCookie(cookie(AdminSessions.cookieName, session.id, maxAge: Int(AdminSessions.lifetime), request: request))
        response.setCookie(cookie(AdminSessions.loginCookieName, "", maxAge: 0, request: request))
        context.logger.notice("Admin logged in", metadata: ["session_expires": "\(session.expiresAt.formatted(.iso8601))"])
        return response
    }

    @Sendable func logOut(_ request: Request, context: Context) async throws -> Response {
        try await withSession(request, context: context, formLimit: AdminFormLimit.small) { session, _ in
            try await access.sessions?.end(session)
            var response = Response.redirect(to: "/admin/login")
            response.setCookie(cookie(AdminSessions.cookieName, "", maxAge: 0, request: request))
            return response
        }
    }

    @Sendable func overview(_ request: Request, context: Context) async throws -> Response {
        try await withSession(request, context: context) { session, _ in
            let now = clock.now
            let policyInForce = policy.current
            let trends = try await StatisticsReader(store: store, policy: policyInForce).trends(weeks: AdminOverviewPage.weekCount, now: now)
            let page = AdminOverviewPage(
                csrf: session.csrf, notice: Self.notice(request), now: now, trends: trends, backlog: try await store.countPostsAwaitingAttention(),
                dead: try await store.deadPostsByError(newest: AdminOverviewPage.deadPostsShown), platforms: platforms, activity: activity, policy: policyStatus.current,
                tiers: policyInForce.tiers)
            return Self.html(AdminTemplates.render(page, "overview"))
        }
    }

    @Sendable func retry(_ request: Request, context: Context) async throws -> Response {
        try await withSession(request, context: context, formLimit: AdminFormLimit.small) { _, fields in
            guard let id = fields["post"].flatMap({ Int64($0) }) else {
                return Response(
                    status: .badRequest, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: "No such post.\n")))
            }
            let requeued = try await store.requeue(id, at: clock.now)
            if requeued {
                deliveryWake.wake()
                context.logger.notice("Admin queued a post again", metadata: ["post": "\(id)"])
            }
            return .redirect(to: "/admin?\(requeued ? "retried" : "not-retried")=\(id)#dead-posts")
        }
    }

    @Sendable func whatIfForm(_ request: Request, context: Context) async throws -> Response {
        try await withSession(request, context: context) { session, _ in
            let inForce = policyStatus.current
            return Self.html(
                AdminTemplates.render(WhatIfPage(csrf: session.csrf, candidate: inForce.appliedText ?? "", policyFile: inForce.file), "what-if"))
        }
    }

    @Sendable func whatIf(_ request: Request, context: Context) async throws -> Response {
        try await withSession(request, context: context, formLimit: AdminFormLimit.policy) { session, fields in
            let text = fields["policy"] ?? ""
            var page = WhatIfPage(csrf: session.csrf, candidate: text, policyFile: policyStatus.current.file)
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

    /// Runs `body` with the session (and the posted form's fields, read only now, when `formLimit` is given), or
    /// sends the browser to log in. A form whose CSRF token is not its session's is refused.
    private func withSession(
        _ request: Request, context: Context, formLimit: Int? = nil,
        _ body: (_ session: AdminSession, _ fields: [String: String]) async throws -> Response
    ) async throws -> Response {
        guard let session = try await access.session(of: request, now: clock.now) else { return .redirect(to: "/admin/login") }
        var fields: [String: String] = [:]
        if let formLimit {
            fields = try await form(of: request, context: context, upTo: formLimit)
            guard SecretComparison.matches(fields["csrf"] ?? "", session.csrf) else { return refusedForm(request: request, context: context) }
        }
        return try await body(session, fields)
    }

    private func refusedForm(request: Request, context: Context) -> Response {
        access.refused(.csrfMismatch, request: request, context: context)
        return Self.html(
            "<!doctype html><title>Form expired</title><p>This form has expired. <a href=\"/admin\">Open the page again</a>.</p>\n",
            status: .forbidden)
    }

    private func loginPage(refused: Bool, status: HTTPResponse.Status, request: Request) -> Response {
        let loginToken = AdminSessions.randomValue()
        let page = LoginPage(off: access.sessions == nil, refused: refused, loginToken: loginToken)
        var response = Self.html(AdminTemplates.render(page, "login"), status: status)
        response.setCookie(cookie(AdminSessions.loginCookieName, loginToken, maxAge: 3600, request: request))
        return response
    }

    private func form(of request: Request, context: Context, upTo limit: Int) async throws -> [String: String] {
        var request = request
        return FormBody.fields(of: String(buffer: try await request.collectBody(upTo: limit)))
    }

    /// `HttpOnly`, `SameSite=Strict`, for `/admin` only; `Secure` as `cookieSecurity` decides.
    private func cookie(_ name: String, _ value: String, maxAge: Int, request: Request) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: "/admin", secure: cookieSecurity.isSecure(request), httpOnly: true,
            sameSite: .strict)
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
                .contentSecurityPolicy:
                    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                .xContentTypeOptions: "nosniff", .referrerPolicy: "no-referrer",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
