import ChatPlatformKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import UnhurriedCore

/// Refuses any call to the application-service API that does not carry the homeserver's token (`hs_token`), before
/// its body is read. Homeservers send it as `Authorization: Bearer …`; older ones as `?access_token=…`, and when
/// both come they must agree.
struct MatrixAuthenticationMiddleware<Context: RequestContext>: RouterMiddleware {
    let homeserverToken: String
    let host: any PlatformHost

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let header = request.headers[.authorization].flatMap(BearerToken.init(header:))?.value
        let query = request.uri.queryParameters.get("access_token")
        let presented = [header, query].compactMap { $0 }
        guard !presented.isEmpty else {
            refuse("missing_token", context: context)
            return MatrixResponse.error(.unauthorized, "M_UNAUTHORIZED", "The homeserver's token (hs_token) is missing.")
        }
        // Every presented token is compared, so a wrong one next to a right one is refused.
        guard presented.map({ SecretComparison.matches($0, homeserverToken) }).allSatisfy({ $0 }) else {
            refuse("wrong_token", context: context)
            return MatrixResponse.error(.forbidden, "M_FORBIDDEN", "The homeserver's token (hs_token) does not match.")
        }
        return try await next(request, context)
    }

    private func refuse(_ reason: String, context: Context) {
        host.countRefusal(platform: MatrixPlatform.name, reason: reason)
        context.logger.notice("Refused unauthenticated Matrix request", metadata: ["reason": "\(reason)"])
    }
}

/// The application-service API's answers: JSON, errors as `{"errcode", "error"}`.
enum MatrixResponse {
    static func ok() -> Response { .json([:]) }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        .json(.object([("errcode", .string(code)), ("error", .string(message))]), status: status)
    }
}
