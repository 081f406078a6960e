import Foundation
import UnhurriedCore

/// A JSON API called with a bearer token — Matrix's client-server API, Mattermost's REST API — whose answers become
/// delivery outcomes: no answer is temporary, 429 asks to slow down, 5xx is temporary, any other refusal permanent.
/// Each platform says how it names the wait after a 429 and what went wrong in an error's body.
package struct BearerJSONAPI: Sendable {
    package let baseURL: URL
    package let token: String
    package let http: any OutboundHTTPClient
    /// Seconds to wait after a 429, from the platform's own field or header (`Retry-After` is read first).
    package let retryAfter: @Sendable (_ headers: [String: String], _ answer: Any?) -> Int?
    /// What an error answer says went wrong.
    package let errorText: @Sendable (_ answer: Any?) -> String

    package init(
        baseURL: URL, token: String, http: any OutboundHTTPClient,
        retryAfter: @escaping @Sendable (_ headers: [String: String], _ answer: Any?) -> Int?,
        errorText: @escaping @Sendable (_ answer: Any?) -> String
    ) {
        self.baseURL = baseURL
        self.token = token
        self.http = http
        self.retryAfter = retryAfter
        self.errorText = errorText
    }

    /// `path` follows the base URL as written (its segments already encoded); query values are encoded here.
    package func request(_ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil) -> OutboundRequest {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty { text += "?" + query.map { "\($0)=\(Self.encoded($1))" }.joined(separator: "&") }
        var headers = ["Authorization": "Bearer \(token)"]
        if body != nil { headers["Content-Type"] = "application/json" }
        return OutboundRequest(url: URL(string: text)!, method: method, headers: headers, body: body?.encoded())
    }

    /// The status and the decoded answer, for callers that read a status themselves (a 404 that means "no such
    /// user"). Throws only when there is no answer to read, or when the platform asks to slow down.
    package func response(
        _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, what: String
    ) async throws(DeliveryFailure) -> (status: Int, answer: Any?) {
        let response: OutboundResponse
        do {
            response = try await http.send(request(method, path, query: query, body: body))
        } catch {
            throw .temporary("\(what): \(error.localizedDescription)")
        }
        let answer = try? JSONSerialization.jsonObject(with: response.body)
        if response.status == 429 {
            throw .rateLimited(retryAfterSeconds: response.headers["retry-after"].flatMap { Int($0) } ?? retryAfter(response.headers, answer))
        }
        return (response.status, answer)
    }

    /// The decoded answer of a 2xx; any other status is a failure.
    package func call(_ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, what: String) async throws(DeliveryFailure) -> Any {
        let (status, answer) = try await response(method, path, query: query, body: body, what: what)
        guard (200..<300).contains(status) else { throw failure(status: status, answer: answer, what: what) }
        return answer ?? [String: Any]()
    }

    package func failure(status: Int, answer: Any?, what: String) -> DeliveryFailure {
        let reason = "\(what): HTTP \(status) \(errorText(answer))".trimmingCharacters(in: .whitespaces)
        return status >= 500 ? .temporary(reason) : .permanent(reason)
    }

    /// Only unreserved characters stay as they are, so ids and transaction ids are single path segments.
    package static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved: CharacterSet = {
        var set = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        set.insert(charactersIn: "-._~")
        return set
    }()
}
