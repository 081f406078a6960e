import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Discord's REST API with the bot's token (`Authorization: Bot …`). Discord reports failures as `{"code", "message"}`,
/// and a 429 says in `retry_after` how many seconds (with a fraction) to wait, as its `Retry-After` header does.
struct DiscordAPI: Sendable {
    let api: BearerJSONAPI<DiscordErrorAnswer>

    init(baseURL: URL, botToken: String, http: any OutboundHTTPClient) {
        api = BearerJSONAPI(
            baseURL: baseURL, token: botToken, scheme: "Bot", http: http,
            retryAfter: { _, answer in answer?.retryAfter.map { Int($0.rounded(.up)) } },
            errorText: { answer in answer.map { "\($0.message ?? "") (code \($0.code ?? 0))" } ?? "" })
    }

    /// The answer read as `Answer`; nil when it is not one.
    @discardableResult
    func call<Answer: Decodable>(
        _ method: String, _ path: String, body: JSONValue? = nil, answer: Answer.Type
    ) async throws(DeliveryFailure) -> Answer? {
        try await api.call(method, path, body: body, what: Self.describe(method, path), answer: answer)
    }

    /// The answer whatever its status, for a caller that reads the status itself.
    func response(_ method: String, _ path: String) async throws(DeliveryFailure) -> OutboundResponse {
        try await api.response(method, path, what: Self.describe(method, path))
    }

    func failure(_ response: OutboundResponse, what: String) -> DeliveryFailure {
        api.failure(response, what: what)
    }

    /// `POST /channels/{id}/messages` is named without its ids, which say nothing about what went wrong, and an
    /// interaction's webhook without its token, which is a credential.
    private static func describe(_ method: String, _ path: String) -> String {
        if path.hasPrefix("/webhooks/") { return "\(method) /webhooks/{application}/{token}/messages" }
        return "\(method) /" + path.split(separator: "/").map { DiscordText.isSnowflake($0) ? "{id}" : String($0) }.joined(separator: "/")
    }
}

struct DiscordErrorAnswer: Decodable {
    @Readable var code: Int?
    @Readable var message: String?
    @Readable var retryAfter: Double?

    private enum CodingKeys: String, CodingKey {
        case code, message, retryAfter = "retry_after"
    }
}

/// A message or a channel as Discord answers with it: only its id is read.
struct DiscordEntity: Decodable {
    let id: String
}
