import ChatPlatformKit
import Foundation
import UnhurriedCore

/// The Bot Connector REST API of a conversation's region (its `serviceUrl`), called with the bot's app token. Its
/// answers become delivery outcomes: 429 asks to slow down (for `Retry-After`), 412 (another change to the same
/// message at once), 5xx and `404 ConversationNotFound` (which Teams is known to answer now and then for a conversation
/// that exists) are worth retrying, any other refusal is permanent. A 401 is tried once more with a new token, for one
/// that expired on the way. A call whose token could not be had was never sent.
struct TeamsConnector: Sendable {
    let tokens: TeamsAppToken
    let http: any OutboundHTTPClient

    /// What the Bot Connector answers a post or a new conversation with.
    struct Resource: Decodable, Sendable {
        var id: String?
        /// A new channel thread's first message.
        var activityId: String?
    }

    struct Member: Decodable, Sendable {
        var name: String?
    }

    /// `{"error": {"code": "ConversationNotFound", "message": "…"}}`, or `{"message": "Authorization has been denied…"}`.
    struct ErrorAnswer: Decodable, Sendable {
        struct Detail: Decodable, Sendable {
            var code: String?
            var message: String?
        }

        var error: Detail?
        var message: String?

        var text: String {
            [error?.code, error?.message ?? message].compactMap { $0 }.joined(separator: ": ")
        }
    }

    /// `POST /v3/conversations/{id}/activities`: a message in a chat, or a reply in a channel thread when `id` names it.
    func send(_ activity: JSONValue, to conversationID: String, at serviceURL: String) async throws(DeliveryFailure) -> Resource? {
        try await call("POST", "/v3/conversations/\(Self.segment(conversationID))/activities", at: serviceURL, body: activity, what: "send")
    }

    /// `PUT /v3/conversations/{id}/activities/{activityId}`: replaces a message the bot posted.
    func update(_ activityID: String, in conversationID: String, at serviceURL: String, with activity: JSONValue) async throws(DeliveryFailure) {
        let _: Resource? = try await call(
            "PUT", "/v3/conversations/\(Self.segment(conversationID))/activities/\(Self.segment(activityID))", at: serviceURL,
            body: activity, what: "update")
    }

    /// `POST /v3/conversations`: a person's chat with the bot, or a new thread in a channel with its first message.
    func createConversation(_ parameters: JSONValue, at serviceURL: String) async throws(DeliveryFailure) -> Resource? {
        try await call("POST", "/v3/conversations", at: serviceURL, body: parameters, what: "create conversation")
    }

    /// `GET /v3/conversations/{id}/members/{memberId}`: a person's display name.
    func member(_ userID: String, of conversationID: String, at serviceURL: String) async throws(DeliveryFailure) -> Member? {
        try await call(
            "GET", "/v3/conversations/\(Self.segment(conversationID))/members/\(Self.segment(userID))", at: serviceURL, body: nil,
            what: "member")
    }

    private func call<Answer: Decodable>(
        _ method: String, _ path: String, at serviceURL: String, body: JSONValue?, what: String
    ) async throws(DeliveryFailure) -> Answer? {
        guard let base = URL(string: serviceURL), base.scheme == "https" || base.scheme == "http" else {
            throw .permanent("Teams \(what): the conversation's service URL \(serviceURL) is not a web address")
        }
        var renewedToken = false
        while true {
            let token: String
            do {
                token = try await tokens.bearer()
            } catch .temporary(let reason) {
                throw .unreachable(reason)
            }
            let api = BearerJSONAPI<ErrorAnswer>(
                baseURL: base, token: token, http: http, retryAfter: { _, _ in nil }, errorText: { $0?.text ?? "" })
            let response = try await api.response(method, path, body: body, what: "Teams \(what)")
            switch response.status {
            case 200..<300:
                return try? JSONDecoder().decode(Answer.self, from: response.body)
            case 401 where !renewedToken:
                await tokens.forget()
                renewedToken = true
            case 412:
                throw .temporary("Teams \(what): HTTP 412, another change to the same message; trying again")
            case 404 where (try? JSONDecoder().decode(ErrorAnswer.self, from: response.body))?.error?.code == "ConversationNotFound":
                throw .temporary("Teams \(what): HTTP 404 ConversationNotFound, which Teams answers now and then; trying again")
            default:
                throw api.failure(response, what: "Teams \(what)")
            }
        }
    }

    /// Conversation ids hold `:`, `;` and `@`, and some hold `/`: the whole id is one path segment.
    static func segment(_ id: String) -> String {
        FormBody.percentEncoded(id)
    }
}
