import Foundation
import Hummingbird
import Synchronization

/// A local Confluence Cloud page behind REST API v1: `GET /wiki/rest/api/content/{id}?expand=body.storage,version`
/// and `PUT /wiki/rest/api/content/{id}`, with basic auth (email and API token). It refuses what Confluence refuses:
/// 401 without the right credentials, 404 for another page, 400 for an update without title, type, storage body or
/// version, and 409 when the version is not the next one.
final class FakeConfluence: Sendable {
    struct Page: Sendable {
        var version: Int
        var body: String
    }

    static let pageID = "123456"
    let email: String
    let token: String
    private let page = Mutex(Page(version: 1, body: "<p>Decisions of the team.</p>"))
    private let writes = Mutex(0)
    private let script: Mutex<[FakeTargetAnswer]>
    /// Someone edits the page between the next read and write, once per element.
    private let editsMeanwhile = Mutex(0)

    init(email: String = "bot@example.com", token: String = "confluence-token", script: [FakeTargetAnswer] = [], editsMeanwhile: Int = 0) {
        self.email = email
        self.token = token
        self.script = Mutex(script)
        self.editsMeanwhile.withLock { $0 = editsMeanwhile }
    }

    var current: Page { page.withLock { $0 } }
    /// Accepted updates.
    var updates: Int { writes.withLock { $0 } }

    func run(_ body: @escaping @Sendable (_ baseURL: URL) async throws -> Void) async throws {
        let router = Router()
        router.get("wiki/rest/api/content/:id") { request, context -> Response in
            if let refusal = self.refusal(request, id: context.parameters.get("id")) { return refusal }
            let expand = Set((request.uri.queryParameters["expand"].map(String.init) ?? "").split(separator: ",").map(String.init))
            let page = self.page.withLock { $0 }
            let editedMeanwhile = self.editsMeanwhile.withLock { count in
                defer { count = max(0, count - 1) }
                return count > 0
            }
            if editedMeanwhile { self.page.withLock { $0 = Page(version: $0.version + 1, body: $0.body + "<p>Edited by someone else.</p>") } }
            var answer: [String: Any] = ["id": Self.pageID, "type": "page", "title": "Decisions", "status": "current"]
            if expand.contains("version") { answer["version"] = ["number": page.version] }
            if expand.contains("body.storage") { answer["body"] = ["storage": ["value": page.body, "representation": "storage"]] }
            return jsonResponse(.ok, answer)
        }
        router.put("wiki/rest/api/content/:id") { request, context -> Response in
            if let refusal = self.refusal(request, id: context.parameters.get("id")) { return refusal }
            let data = Data(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            let sent = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            guard let number = (sent["version"] as? [String: Any])?["number"] as? Int, sent["title"] is String, sent["type"] as? String == "page",
                  let storage = (sent["body"] as? [String: Any])?["storage"] as? [String: Any], let value = storage["value"] as? String,
                  storage["representation"] as? String == "storage" else {
                return jsonResponse(.badRequest, ["statusCode": 400, "message": "Invalid content: title, type, version and body.storage are required"])
            }
            let answer = self.script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            if case .serverError? = answer { return jsonResponse(.internalServerError, ["statusCode": 500, "message": "Internal error"]) }
            let accepted = self.page.withLock { page in
                guard number == page.version + 1 else { return false }
                page = Page(version: number, body: value)
                return true
            }
            guard accepted else {
                return jsonResponse(.conflict, ["statusCode": 409, "message": "Version must be incremented when updating a page"])
            }
            self.writes.withLock { $0 += 1 }
            if case .acceptThenServerError? = answer { return jsonResponse(.internalServerError, ["statusCode": 500, "message": "Internal error"]) }
            return jsonResponse(.ok, ["id": Self.pageID, "type": "page", "version": ["number": number]])
        }
        try await serveLocally(router, body)
    }

    private func refusal(_ request: Request, id: String?) -> Response? {
        let expected = "Basic " + Data("\(email):\(token)".utf8).base64EncodedString()
        guard request.headers[.authorization] == expected else {
            return jsonResponse(.unauthorized, ["statusCode": 401, "message": "Unauthorized; scope does not match"])
        }
        guard id == Self.pageID else { return jsonResponse(.notFound, ["statusCode": 404, "message": "No content found with id \(id ?? "")"]) }
        return nil
    }
}
