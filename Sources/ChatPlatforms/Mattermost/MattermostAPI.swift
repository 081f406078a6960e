import Foundation
import UnhurriedCore

/// Calls Mattermost's REST API (`/api/v4`) with the bot's access token and turns its answers into delivery outcomes.
struct MattermostAPI: Sendable {
    let baseURL: URL
    let botToken: String
    let http: any HTTPClient

    func request(_ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil) -> OutboundRequest {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += "/api/v4/" + path
        if !query.isEmpty { text += "?" + query.map { "\($0)=\($1)" }.joined(separator: "&") }
        var headers = ["Authorization": "Bearer \(botToken)"]
        if body != nil { headers["Content-Type"] = "application/json" }
        return OutboundRequest(url: URL(string: text)!, method: method, headers: headers, body: body?.encoded())
    }

    /// Sends one request. Mattermost reports failures as HTTP statuses with `{"id", "message", "status_code"}`.
    func call(_ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil) async throws(DeliveryFailure) -> Any {
        let what = "\(method) \(path.split(separator: "/").prefix(2).joined(separator: "/"))"
        let response: OutboundResponse
        do {
            response = try await http.send(request(method, path, query: query, body: body))
        } catch {
            throw .temporary("\(what): \(error.localizedDescription)")
        }
        let answer = try? JSONSerialization.jsonObject(with: response.body)
        switch response.status {
        case 200..<300:
            return answer ?? [String: Any]()
        case 429:
            // Mattermost's limiter says when its window resets, in seconds.
            let seconds = (response.headers["retry-after"] ?? response.headers["x-ratelimit-reset"]).flatMap { Int($0) }
            throw .rateLimited(retryAfterSeconds: seconds)
        default:
            let message = (answer as? [String: Any])?["message"] as? String ?? ""
            let reason = "\(what): HTTP \(response.status) \(message)".trimmingCharacters(in: .whitespaces)
            throw response.status >= 500 ? .temporary(reason) : .permanent(reason)
        }
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
