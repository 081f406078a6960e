import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Mattermost's REST API (`/api/v4`) with the bot's access token. Mattermost reports failures as
/// `{"id", "message", "status_code"}`, and its limiter says when its window resets (`X-Ratelimit-Reset`, seconds).
struct MattermostAPI: Sendable {
    let api: BearerJSONAPI<MattermostErrorAnswer>

    init(baseURL: URL, botToken: String, http: any OutboundHTTPClient) {
        api = BearerJSONAPI(
            baseURL: baseURL, token: botToken, http: http,
            retryAfter: { headers, _ in headers["x-ratelimit-reset"].flatMap { Int($0) } },
            errorText: { answer in answer?.message ?? "" })
    }

    /// The answer read as `Answer`; nil when it is not one.
    @discardableResult
    func call<Answer: Decodable>(
        _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, answer: Answer.Type
    ) async throws(DeliveryFailure) -> Answer? {
        try await api.call(method, "/api/v4/" + path, query: query, body: body, what: Self.describe(method, path), answer: answer)
    }

    /// The answer whatever its status, for a caller that reads the status itself.
    func response(_ method: String, _ path: String) async throws(DeliveryFailure) -> OutboundResponse {
        try await api.response(method, "/api/v4/" + path, what: Self.describe(method, path))
    }

    func failure(_ response: OutboundResponse, what: String) -> DeliveryFailure {
        api.failure(response, what: what)
    }

    private static func describe(_ method: String, _ path: String) -> String {
        "\(method) \(path.split(separator: "/").prefix(2).joined(separator: "/"))"
    }
}
