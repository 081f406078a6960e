import ChatPlatformKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Who may use `/admin/…`: the JSON endpoints take `Authorization: Bearer <UNHURRIED_ADMIN_TOKEN>`, the page a session
/// cookie from its login form. Every wrong token is counted (`unhurried_verification_failures_total{platform="admin"}`),
/// logged without what was presented, and answered only after its turn in the `WrongTokenPacer`, with no hint.
struct AdminAccess: Sendable {
    let token: String?
    /// Nil when no token is configured: then nobody gets in.
    let sessions: AdminSessions?
    let metrics: ServerMetrics
    private let pacer: WrongTokenPacer

    init(token: String?, wrongTokenSpacing: Duration, metrics: ServerMetrics) {
        self.token = token
        sessions = token.map(AdminSessions.init(adminToken:))
        self.metrics = metrics
        pacer = WrongTokenPacer(spacing: wrongTokenSpacing)
    }

    func accepts(_ presented: String) -> Bool {
        guard let token else { return false }
        return SecretComparison.matches(presented, token)
    }

    /// A 401 unless the request carries the admin token as a Bearer credential.
    func bearerRefusal(of request: Request, context: some RequestContext) async -> Response? {
        let presented = request.headers[.authorization].flatMap(BearerToken.init(header:))?.value
        if let presented, accepts(presented) { return nil }
        let reason = token == nil ? "no_admin_token_configured" : presented == nil ? "missing_token" : "wrong_token"
        if let tooMany = await refuse(reason: reason, request: request, context: context) { return tooMany }
        let hint = token == nil ? "Admin endpoints are off: set UNHURRIED_ADMIN_TOKEN and restart.\n" : "An admin token is required.\n"
        return Response(
            status: .unauthorized, headers: [.wwwAuthenticate: "Bearer", .contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: hint)))
    }

    /// Counts and logs a refusal; a wrong token waits its turn first. Returns a 429 when too many wait already.
    func refuse(reason: String, request: Request, context: some RequestContext) async -> Response? {
        metrics.verificationFailed(platform: "admin", reason: reason)
        context.logger.notice("Refused admin request", metadata: ["reason": "\(reason)", "path": "\(request.uri.path)"])
        guard reason == "wrong_token" else { return nil }
        if await pacer.waitForTurn() { return nil }
        return Response(
            status: .tooManyRequests, headers: [.retryAfter: "60", .contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "Too many wrong tokens; try again later.\n")))
    }

    /// The session the request's cookie carries, if it is valid now.
    func session(of request: Request, now: Date) -> AdminSessions.Session? {
        guard let sessions, let cookie = request.cookies[AdminSessions.cookieName] else { return nil }
        return sessions.session(fromCookie: cookie.value, now: now)
    }
}
