import ChatPlatformKit
import Foundation
import UnhurriedCore

/// One target's HTTP API, as the outbox sees it: no answer is temporary (or `unreachable` when the request never
/// left), 429 asks to slow down, 5xx is temporary, any other refusal permanent, with the status for the dead post's
/// reason.
struct PublishingAPI: Sendable {
    /// How errors name the target ("Confluence").
    let name: String
    let http: any OutboundHTTPClient

    /// The answer, whatever its status unless it asks to slow down; throws when there is none.
    func send(_ request: OutboundRequest, what: String) async throws(DeliveryFailure) -> OutboundResponse {
        let response: OutboundResponse
        do {
            response = try await http.send(request)
        } catch {
            throw DeliveryFailure(calling: "\(name) \(what)", failedWith: error)
        }
        if response.status == 429 { throw .rateLimited(retryAfterSeconds: response.headers["retry-after"].flatMap { Int($0) }) }
        return response
    }

    /// The answer of a 2xx; any other status is a failure.
    func expectSuccess(_ request: OutboundRequest, what: String) async throws(DeliveryFailure) -> OutboundResponse {
        let response = try await send(request, what: what)
        guard (200..<300).contains(response.status) else { throw failure(response, what: what) }
        return response
    }

    /// The failure an answer that is not a 2xx stands for, with the target's own word for it when it gave one.
    func failure(_ response: OutboundResponse, what: String) -> DeliveryFailure {
        let reason = "\(name) \(what): HTTP \(response.status)" + (Self.errorWord(in: response.body).map { " \($0)" } ?? "")
        return response.status >= 500 || response.status == 408 ? .temporary(reason) : .permanent(reason)
    }

    /// The `code` (Notion) or `message` (Confluence) of an error answer, cut short: it goes into logs and the outbox.
    private static func errorWord(in body: Data) -> String? {
        guard case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: body) else { return nil }
        let word = members.first { $0.0 == "code" }?.1.stringValue ?? members.first { $0.0 == "message" }?.1.stringValue
        return word.map { String($0.prefix(120)) }
    }

    /// `base` followed by `path`, however the base ends.
    static func url(_ base: URL, _ path: String) throws(DeliveryFailure) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text + path) else { throw .permanent("\(text + path) is not a valid URL") }
        return url
    }
}
