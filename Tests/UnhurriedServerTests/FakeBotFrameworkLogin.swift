import ChatPlatformKit
import Foundation
import Hummingbird
import Synchronization

/// A local stand-in, on 127.0.0.1, for the two Microsoft endpoints a Teams bot logs in with: the Bot Framework's OpenID
/// metadata and JWK set, which publish the keys of the `TeamsChannelTokens` given (endorsed as each says), and Entra's
/// token endpoint (`/{tenant}/oauth2/v2.0/token`), which records each request and answers from a script, then with a
/// fresh token once the script runs out. The base URL it runs on is the login URL; `metadataURL(at:)` the metadata's.
final class FakeBotFrameworkLogin: Sendable {
    /// How the token endpoint answers one request.
    enum TokenAnswer: Sendable {
        /// 200 with a new token (`app-token-1`, `app-token-2`, …) that lasts `expiresIn` seconds.
        case issue(expiresIn: Int)
        /// Entra's refusal of the client: an error code and an `AADSTS…` description.
        case refuse(status: Int, error: String, description: String)
        /// 429 with a Retry-After of `seconds`.
        case throttle(seconds: Int)
        /// A bare server error.
        case fail(status: Int)
    }

    struct TokenRequest: Sendable {
        var tenant: String
        var contentType: String?
        var fields: [String: String]
    }

    private let published: Mutex<[TeamsChannelTokens]>
    private let baseURL = Mutex<URL?>(nil)
    private let metadataDown = Mutex(false)
    private let keyFetchCount = Mutex(0)
    private let tokenScript = Mutex<[TokenAnswer]>([])
    private let tokenDelay = Mutex<Duration>(.zero)
    private let tokenRequestsReceived = Mutex<[TokenRequest]>([])

    init(publishing keys: [TeamsChannelTokens] = []) {
        published = Mutex(keys)
    }

    static func metadataURL(at baseURL: URL) -> URL {
        baseURL.appending(path: "v1/.well-known/openidconfiguration")
    }

    /// Adds a key to the JWK set, as the Bot Framework does when it rotates its keys.
    func publish(_ key: TeamsChannelTokens) {
        published.withLock { $0.append(key) }
    }

    /// While true, the metadata endpoint answers 503.
    func setMetadataDown(_ down: Bool) {
        metadataDown.withLock { $0 = down }
    }

    /// How many times the JWK set was fetched.
    var keyFetches: Int { keyFetchCount.withLock { $0 } }

    /// The token endpoint's next answers, in order.
    func scriptTokenAnswers(_ answers: [TokenAnswer]) {
        tokenScript.withLock { $0.append(contentsOf: answers) }
    }

    /// How long the token endpoint takes to answer.
    func setTokenDelay(_ delay: Duration) {
        tokenDelay.withLock { $0 = delay }
    }

    var tokenRequests: [TokenRequest] { tokenRequestsReceived.withLock { $0 } }

    func run(_ body: @escaping @Sendable (_ baseURL: URL) async throws -> Void) async throws {
        let router = Router()
        router.get("v1/.well-known/openidconfiguration") { _, _ -> Response in
            guard !self.metadataDown.withLock({ $0 }), let base = self.baseURL.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
            return jsonResponse(.ok, [
                "issuer": "https://api.botframework.com",
                "authorization_endpoint": "https://invalid.botframework.com",
                "jwks_uri": base.appending(path: "v1/.well-known/keys").absoluteString,
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            ])
        }
        router.get("v1/.well-known/keys") { _, _ -> Response in
            self.keyFetchCount.withLock { $0 += 1 }
            return jsonResponse(.ok, ["keys": self.published.withLock { $0 }.map(\.publishedKey)])
        }
        router.post("{tenant}/oauth2/v2.0/token") { request, context -> Response in
            let body = try await request.body.collect(upTo: 64 * 1024)
            self.tokenRequestsReceived.withLock {
                $0.append(TokenRequest(
                    tenant: context.parameters.get("tenant") ?? "", contentType: request.headers[.contentType],
                    fields: FormBody.fields(of: String(buffer: body))))
            }
            try await Task.sleep(for: self.tokenDelay.withLock { $0 })
            return self.tokenAnswer()
        }
        try await serveLocally(router) { base in
            self.baseURL.withLock { $0 = base }
            try await body(base)
        }
    }

    private func tokenAnswer() -> Response {
        let answer = tokenScript.withLock { $0.isEmpty ? .issue(expiresIn: 3600) : $0.removeFirst() }
        switch answer {
        case .issue(let expiresIn):
            let number = tokenRequestsReceived.withLock { $0.count }
            return jsonResponse(.ok, [
                "token_type": "Bearer", "expires_in": expiresIn, "ext_expires_in": expiresIn, "access_token": "app-token-\(number)",
            ])
        case .refuse(let status, let error, let description):
            return jsonResponse(.init(code: status), [
                "error": error, "error_description": description, "error_codes": [700016], "trace_id": UUID().uuidString,
            ])
        case .throttle(let seconds):
            var response = jsonResponse(.tooManyRequests, [:])
            response.headers[.retryAfter] = "\(seconds)"
            return response
        case .fail(let status):
            return Response(status: .init(code: status))
        }
    }
}
