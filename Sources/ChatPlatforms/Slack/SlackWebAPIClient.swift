import Foundation
import UnhurriedCore

/// Posts to Slack's Web API with the bot token and turns its answers into delivery outcomes.
public struct SlackWebAPIClient: ChatTransport {
    public static let defaultBaseURL = URL(string: "https://slack.com/api")!

    private let baseURL: URL
    private let botToken: String
    private let http: any HTTPClient

    public init(baseURL: URL, botToken: String, http: any HTTPClient) {
        self.baseURL = baseURL
        self.botToken = botToken
        self.http = http
    }

    public func post(
        _ message: ChatMessage, to channel: ChatChannel, inThreadOf threadRef: String?, idempotencyKey: String
    ) async throws(DeliveryFailure) -> String {
        let body = SlackMessageRenderer.postMessage(
            message, channel: channel.channelID, threadTS: threadRef, idempotencyKey: idempotencyKey)
        let answer = try await call("chat.postMessage", body: body)
        guard let ts = answer["ts"] as? String else { throw .permanent("chat.postMessage answered without a ts") }
        return ts
    }

    public func update(_ messageRef: String, in channel: ChatChannel, with message: ChatMessage) async throws(DeliveryFailure) {
        _ = try await call("chat.update", body: SlackMessageRenderer.update(message, channel: channel.channelID, ts: messageRef))
    }

    /// Calls one Web API method. Slack reports most failures as HTTP 200 with `"ok": false`.
    private func call(_ method: String, body: JSONValue) async throws(DeliveryFailure) -> [String: Any] {
        let request = OutboundRequest(
            url: baseURL.appendingPathComponent(method),
            headers: ["Authorization": "Bearer \(botToken)", "Content-Type": "application/json; charset=utf-8"],
            body: body.encoded())
        let response: OutboundResponse
        do {
            response = try await http.send(request)
        } catch {
            throw .temporary("\(method): \(error.localizedDescription)")
        }
        if response.status == 429 {
            throw .rateLimited(retryAfterSeconds: response.headers["retry-after"].flatMap { Int($0) })
        }
        guard (200..<300).contains(response.status) else {
            let reason = "\(method): HTTP \(response.status)"
            throw response.status >= 500 ? .temporary(reason) : .permanent(reason)
        }
        guard let answer = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] else {
            throw .temporary("\(method): answer is not JSON")
        }
        guard answer["ok"] as? Bool == true else {
            let error = answer["error"] as? String ?? "unknown_error"
            if error == "ratelimited" { throw .rateLimited(retryAfterSeconds: nil) }
            throw Self.temporaryErrors.contains(error) ? .temporary("\(method): \(error)") : .permanent("\(method): \(error)")
        }
        return answer
    }

    /// Slack errors that say "try again later" rather than "this request is wrong".
    private static let temporaryErrors: Set<String> = [
        "internal_error", "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org",
    ]
}
