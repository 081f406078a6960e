import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Mattermost's REST API (`/api/v4`) with the bot's access token. Mattermost reports failures as
/// `{"id", "message", "status_code"}`, and its limiter says when its window resets (`X-Ratelimit-Reset`, seconds).
struct MattermostAPI: Sendable {
    let api: BearerJSONAPI

    init(baseURL: URL, botToken: String, http: any OutboundHTTPClient) {
        api = BearerJSONAPI(
            baseURL: baseURL, token: botToken, http: http,
            retryAfter: { headers, _ in headers["x-ratelimit-reset"].flatMap { Int($0) } },
            errorText: { answer in (answer as? [String: Any])?["message"] as? String ?? "" })
    }

    func call(_ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil) async throws(DeliveryFailure) -> Any {
        try await api.call(method, "/api/v4/" + path, query: query, body: body, what: Self.describe(method, path))
    }

    /// The status and the decoded answer, for a caller that reads the status itself.
    func response(_ method: String, _ path: String) async throws(DeliveryFailure) -> (status: Int, answer: Any?) {
        try await api.response(method, "/api/v4/" + path, what: Self.describe(method, path))
    }

    func failure(status: Int, answer: Any?, what: String) -> DeliveryFailure {
        api.failure(status: status, answer: answer, what: what)
    }

    private static func describe(_ method: String, _ path: String) -> String {
        "\(method) \(path.split(separator: "/").prefix(2).joined(separator: "/"))"
    }
}

/// What Unhurried reads of a Mattermost user: the name mentions use, and the zone their deadlines count in.
struct MattermostUser: Sendable {
    var username: String
    var timeZone: String?

    /// Reads `GET /api/v4/users/{id}`: the zone is the automatic one when the person lets the app pick, else the one
    /// they set by hand.
    init?(json: Any) {
        guard let object = json as? [String: Any], let username = object["username"] as? String else { return nil }
        self.username = username
        let zone = object["timezone"] as? [String: Any]
        let automatic = zone?["useAutomaticTimezone"] as? String == "true" || zone?["useAutomaticTimezone"] as? Bool == true
        let chosen = (automatic ? zone?["automaticTimezone"] : zone?["manualTimezone"]) as? String
        timeZone = chosen.flatMap { $0.isEmpty ? nil : $0 }
    }
}
