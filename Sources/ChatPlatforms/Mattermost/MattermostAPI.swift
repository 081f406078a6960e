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
        let (status, answer) = try await response(method, path, query: query, body: body)
        guard (200..<300).contains(status) else { throw Self.failure(status: status, answer: answer, what: Self.describe(method, path)) }
        return answer ?? [String: Any]()
    }

    /// The status and the decoded answer, for callers that read a status themselves (a 404 that means "no such
    /// user"). Throws only when there is no answer to read, or when Mattermost asks to slow down.
    func response(_ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil) async throws(DeliveryFailure) -> (status: Int, answer: Any?) {
        let response: OutboundResponse
        do {
            response = try await http.send(request(method, path, query: query, body: body))
        } catch {
            throw .temporary("\(Self.describe(method, path)): \(error.localizedDescription)")
        }
        if response.status == 429 {
            // Mattermost's limiter says when its window resets, in seconds.
            throw .rateLimited(retryAfterSeconds: (response.headers["retry-after"] ?? response.headers["x-ratelimit-reset"]).flatMap { Int($0) })
        }
        return (response.status, try? JSONSerialization.jsonObject(with: response.body))
    }

    static func failure(status: Int, answer: Any?, what: String) -> DeliveryFailure {
        let message = (answer as? [String: Any])?["message"] as? String ?? ""
        let reason = "\(what): HTTP \(status) \(message)".trimmingCharacters(in: .whitespaces)
        return status >= 500 ? .temporary(reason) : .permanent(reason)
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
