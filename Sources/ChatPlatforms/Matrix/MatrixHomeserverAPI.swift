import ChatPlatformKit
import Foundation
import UnhurriedCore

/// The homeserver's client-server API as the application service (`Authorization: Bearer <as_token>`). Matrix reports
/// failures as `{"errcode", "error"}` and asks to slow down with `retry_after_ms`.
struct MatrixHomeserverAPI: Sendable {
    let api: BearerJSONAPI<MatrixErrorAnswer>

    init(baseURL: URL, accessToken: String, http: any OutboundHTTPClient) {
        api = BearerJSONAPI(
            baseURL: baseURL, token: accessToken, http: http,
            retryAfter: { _, answer in answer?.retryAfterMilliseconds.map { max(1, ($0 + 999) / 1000) } },
            errorText: { answer in "\(answer?.errcode ?? "") \(answer?.error ?? "")" })
    }

    var http: any OutboundHTTPClient { api.http }

    /// `path`: segments under `/_matrix/client/`, each percent-encoded (room ids hold `!` and `:`).
    func request(_ method: String, _ path: [String], query: [(String, String)] = []) throws(DeliveryFailure) -> OutboundRequest {
        try api.request(method, Self.path(path), query: query)
    }

    /// The answer read as `Answer`; nil when it is not one.
    @discardableResult
    func call<Answer: Decodable>(
        _ method: String, _ path: [String], query: [(String, String)] = [], body: JSONValue? = nil, answer: Answer.Type
    ) async throws(DeliveryFailure) -> Answer? {
        try await api.call(method, Self.path(path), query: query, body: body, what: "\(method) \(path.prefix(3).joined(separator: "/"))", answer: answer)
    }

    private static func path(_ segments: [String]) -> String {
        "/_matrix/client/" + segments.map(FormBody.percentEncoded).joined(separator: "/")
    }
}
