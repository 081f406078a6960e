import ChatPlatformKit
import Foundation
import UnhurriedCore

/// The homeserver's client-server API as the application service (`Authorization: Bearer <as_token>`). Matrix reports
/// failures as `{"errcode", "error"}` and asks to slow down with `retry_after_ms`.
struct MatrixHomeserverAPI: Sendable {
    let api: BearerJSONAPI

    init(baseURL: URL, accessToken: String, http: any OutboundHTTPClient) {
        api = BearerJSONAPI(
            baseURL: baseURL, token: accessToken, http: http,
            retryAfter: { _, answer in ((answer as? [String: Any])?["retry_after_ms"] as? Int).map { max(1, ($0 + 999) / 1000) } },
            errorText: { answer in
                let error = answer as? [String: Any]
                return "\(error?["errcode"] as? String ?? "") \(error?["error"] as? String ?? "")"
            })
    }

    var http: any OutboundHTTPClient { api.http }

    /// `path`: segments under `/_matrix/client/`, each percent-encoded (room ids hold `!` and `:`).
    func request(_ method: String, _ path: [String], query: [(String, String)] = []) -> OutboundRequest {
        api.request(method, Self.path(path), query: query)
    }

    func call(_ method: String, _ path: [String], query: [(String, String)] = [], body: JSONValue? = nil) async throws(DeliveryFailure) -> [String: Any] {
        try await api.call(method, Self.path(path), query: query, body: body, what: "\(method) \(path.prefix(3).joined(separator: "/"))")
            as? [String: Any] ?? [:]
    }

    static func encoded(_ text: String) -> String { BearerJSONAPI.encoded(text) }

    private static func path(_ segments: [String]) -> String {
        "/_matrix/client/" + segments.map(BearerJSONAPI.encoded).joined(separator: "/")
    }
}
