import Foundation
import UnhurriedCore

/// Calls the homeserver's client-server API as the application service (`Authorization: Bearer <as_token>`) and
/// turns its answers into delivery outcomes.
struct MatrixHomeserverAPI: Sendable {
    let baseURL: URL
    let accessToken: String
    let http: any HTTPClient

    /// The URL of `path` (segments, each percent-encoded: room ids hold `!` and `:`) with `query`.
    func url(_ path: [String], query: [(String, String)] = []) -> URL {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += "/_matrix/client/" + path.map(Self.encoded).joined(separator: "/")
        if !query.isEmpty { text += "?" + query.map { "\($0)=\(Self.encoded($1))" }.joined(separator: "&") }
        return URL(string: text)!
    }

    func request(_ method: String, _ path: [String], query: [(String, String)] = [], body: JSONValue? = nil) -> OutboundRequest {
        var headers = ["Authorization": "Bearer \(accessToken)"]
        if body != nil { headers["Content-Type"] = "application/json" }
        return OutboundRequest(url: url(path, query: query), method: method, headers: headers, body: body?.encoded())
    }

    /// Sends one request. Matrix reports failures as HTTP statuses with `{"errcode", "error"}`.
    func call(_ method: String, _ path: [String], query: [(String, String)] = [], body: JSONValue? = nil) async throws(DeliveryFailure) -> [String: Any] {
        let what = "\(method) \(path.prefix(3).joined(separator: "/"))"
        let response: OutboundResponse
        do {
            response = try await http.send(request(method, path, query: query, body: body))
        } catch {
            throw .temporary("\(what): \(error.localizedDescription)")
        }
        let answer = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
        switch response.status {
        case 200..<300:
            return answer
        case 429:
            let seconds = response.headers["retry-after"].flatMap { Int($0) }
                ?? (answer["retry_after_ms"] as? Int).map { max(1, ($0 + 999) / 1000) }
            throw .rateLimited(retryAfterSeconds: seconds)
        default:
            let reason = "\(what): HTTP \(response.status) \(answer["errcode"] as? String ?? "") \(answer["error"] as? String ?? "")"
                .trimmingCharacters(in: .whitespaces)
            throw response.status >= 500 ? .temporary(reason) : .permanent(reason)
        }
    }

    /// Only unreserved characters stay as they are, so ids and transaction ids are single path segments.
    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved: CharacterSet = {
        var set = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        set.insert(charactersIn: "-._~")
        return set
    }()
}
