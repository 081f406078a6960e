import ChatPlatformKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import UnhurriedCore

/// Who may use `/admin/…`: the JSON endpoints take `Authorization: Bearer <UNHURRIED_ADMIN_TOKEN>`, the page a session
/// cookie from its login form. Every wrong token is counted (`unhurried_verification_failures_total{platform="admin"}`),
/// logged without what was presented, and answered only after its turn in the `WrongTokenPacer`, with no hint.
struct AdminAccess: Sendable {
    enum TokenCheck: Equatable {
        case accepted
        case refused(AdminRefusal)
        /// Answered with `floodedResponse`, whatever the token was.
        case flooded
    }

    let token: String?
    /// Nil when no token is configured: then nobody gets in.
    let sessions: AdminSessions?
    let metrics: ServerMetrics
    private let pacer: WrongTokenPacer

    init(token: String?, sessionStore: any AdminSessionStore, pacer: WrongTokenPacer, metrics: ServerMetrics) {
        self.token = token
        sessions = token.map { _ in AdminSessions(store: sessionStore) }
        self.metrics = metrics
        self.pacer = pacer
    }

    /// Whether `presented` is the admin token. A full queue of wrong guesses refuses every token before comparing,
    /// so that a quick refusal tells a guesser nothing; otherwise a wrong one waits its turn.
    func check(_ presented: String?, request: Request, context: some RequestContext) async -> TokenCheck {
        guard let token else { return refused(.notConfigured, request: request, context: context) }
        if pacer.isFull { return flooded(request: request, context: context) }
        guard let presented else { return refused(.missingToken, request: request, context: context) }
        if SecretComparison.matches(presented, token) { return .accepted }
        let refusal = refused(.wrongToken, request: request, context: context)
        return await pacer.waitForTurn() ? refusal : flooded(request: request, context: context)
    }

    /// A 401 unless the request carries the admin token as a Bearer credential.
    func bearerRefusal(of request: Request, context: some RequestContext) async -> Response? {
        let presented = request.headers[.authorization].flatMap(BearerToken.init(header:))?.value
        switch await check(presented, request: request, context: context) {
        case .accepted: return nil
        case .flooded: return Self.floodedResponse
        case .refused(let refusal):
            let hint = refusal == .notConfigured ? "Admin endpoints are off: set UNHURRIED_ADMIN_TOKEN and restart.\n" : "An admin token is required.\n"
            return Response(
                status: .unauthorized, headers: [.wwwAuthenticate: "Bearer", .contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: hint)))
        }
    }

    /// Counts and logs a refusal, without what was presented.
    @discardableResult
    func refused(_ refusal: AdminRefusal, request: Request, context: some RequestContext) -> TokenCheck {
        metrics.verificationFailed(platform: "admin", reason: refusal.metricLabel)
        context.logger.notice("Refused admin request", metadata: ["reason": "\(refusal.metricLabel)", "path": "\(request.uri.path)"])
        return .refused(refusal)
    }

    private func flooded(request: Request, context: some RequestContext) -> TokenCheck {
        refused(.flooded, request: request, context: context)
        return .flooded
    }

    static var floodedResponse: Response {
        Response(
            status: .tooManyRequests, headers: [.retryAfter: "60", .contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "Too many wrong tokens; try again later.\n")))
    }

    /// The session the request's cookie names, if it is valid now.
    func session(of request: Request, now: Date) async throws -> AdminSession? {
        guard let sessions, let cookie = request.cookies[AdminSessions.cookieName] else { return nil }
        return try await sessions.session(fromCookie: cookie.value, now: now)
    }
}
