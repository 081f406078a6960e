import Foundation
import UnhurriedCore

/// A JSON API called with a token — Matrix's client-server API, Mattermost's and Discord's REST APIs — whose answers become
/// delivery outcomes: no answer is temporary, 429 asks to slow down, 5xx is temporary, any other refusal permanent.
/// Each platform says what its error answers hold (`ErrorAnswer`), how it names the wait after a 429 and what went
/// wrong.
package struct BearerJSONAPI<ErrorAnswer: Decodable>: Sendable {
    package let baseURL: URL
    package let token: String
    /// How the `Authorization` header names the token: `Bearer`, or Discord's `Bot`.
    package let scheme: String
    package let http: any OutboundHTTPClient
    /// Seconds to wait after a 429, from the platform's own field or header (`Retry-After` is read first).
    package let retryAfter: @Sendable (_ headers: [String: String], _ answer: ErrorAnswer?) -> Int?
    /// What an error answer says went wrong.
    package let errorText: @Sendable (_ answer: ErrorAnswer?) -> String

    package init(
        baseURL: URL, token: String, scheme: String = "Bearer", http: any OutboundHTTPClient,
        retryAfter: @escaping @Sendable (_ headers: [String: String], _ answer: ErrorAnswer?) -> Int?,
        errorText: @escaping @Sendable (_ answer: ErrorAnswer?) -> String
    ) {
        self.baseURL = baseURL
        self.token = token
        self.scheme = scheme
        self.http = http
        self.retryAfter = retryAfter
        self.errorText = errorText
    }

    /// `path` follows the base URL as written (its segments already encoded); query values are encoded here. Fails,
    /// for good, when the result is not a URL: a path made from data that was not encoded.
    package func request(
        _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil
    ) throws(DeliveryFailure) -> OutboundRequest {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty { text += "?" + FormBody.encoded(query) }
        var headers = ["Authorization": "\(scheme) \(token)"]
        if body != nil { headers["Content-Type"] = "application/json" }
        guard let url = URL(string: text) else { throw .permanent("\(method) \(path): not a valid URL") }
        return OutboundRequest(url: url, method: method, headers: headers, body: body?.encoded())
    }

    /// The answer whatever its status, for callers that read a status themselves (a 404 that means "no such user").
    /// Throws only when there is no answer to read, or when the platform asks to slow down.
    package func response(
        _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, what: String
    ) async throws(DeliveryFailure) -> OutboundResponse {
        let response: OutboundResponse
        do {
            response = try await http.send(try request(method, path, query: query, body: body))
        } catch {
            throw DeliveryFailure(calling: what, failedWith: error)
        }
        if response.status == 429 {
            throw .rateLimited(
                retryAfterSeconds: response.headers["retry-after"].flatMap { Int($0) } ?? retryAfter(response.headers, errorAnswer(response)))
        }
        return response
    }

    /// The answer of a 2xx, read as `Answer`: nil when it is not that (not JSON, or not an object). Any other status is
    /// a failure.
    @discardableResult
    package func call<Answer: Decodable>(
        _ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil, what: String, answer: Answer.Type
    ) async throws(DeliveryFailure) -> Answer? {
        let response = try await response(method, path, query: query, body: body, what: what)
        guard (200..<300).contains(response.status) else { throw failure(response, what: what) }
        return try? JSONDecoder().decode(answer, from: response.body)
    }

    package func failure(_ response: OutboundResponse, what: String) -> DeliveryFailure {
        let reason = "\(what): HTTP \(response.status) \(errorText(errorAnswer(response)))".trimmingCharacters(in: .whitespaces)
        return response.status >= 500 ? .temporary(reason) : .permanent(reason)
    }

    private func errorAnswer(_ response: OutboundResponse) -> ErrorAnswer? {
        try? JSONDecoder().decode(ErrorAnswer.self, from: response.body)
    }
}
