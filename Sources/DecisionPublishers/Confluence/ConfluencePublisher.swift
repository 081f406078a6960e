import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Appends decisions to a Confluence page (REST API v1, `/wiki/rest/api/content/{id}`): reads the page with its body
/// and version, then writes it back one version on. Confluence refuses a write on a stale version with 409; the page
/// is then read again. Each read also settles an earlier attempt whose outcome is unknown: an entry already on the page
/// is not added twice.
struct ConfluencePublisher: DecisionPublisher {
    let baseURL: URL
    let pageID: String
    let credentials: PublishingCredentials.Confluence
    let api: PublishingAPI

    /// How often a write beaten by someone else's edit is tried again within one attempt.
    static let conflictRetries = 3

    init(baseURL: URL, pageID: String, credentials: PublishingCredentials.Confluence, http: any OutboundHTTPClient) {
        self.baseURL = baseURL
        self.pageID = pageID
        self.credentials = credentials
        api = PublishingAPI(name: "Confluence", http: http)
    }

    func publish(_ publication: DecisionPublication, earlierAttemptUncertain: Bool) async throws(DeliveryFailure) -> String {
        for _ in 0...Self.conflictRetries {
            let page = try await read()
            if ConfluenceStorageFormat.holds(publication, page: page.body.storage.value) { return "page \(pageID) v\(page.version.number)" }
            let written = Page(
                id: page.id, type: page.type, title: page.title, version: .init(number: page.version.number + 1),
                body: .init(storage: .init(value: page.body.storage.value + ConfluenceStorageFormat.entry(publication), representation: "storage")))
            let response = try await api.send(try request("PUT", body: written.json), what: "page update")
            if response.status == 409 { continue }
            guard (200..<300).contains(response.status) else { throw api.failure(response, what: "page update") }
            return "page \(pageID) v\(written.version.number)"
        }
        throw .temporary("Confluence page update: the page kept changing (HTTP 409 \(Self.conflictRetries + 1) times)")
    }

    private func read() async throws(DeliveryFailure) -> Page {
        let response = try await api.expectSuccess(try request("GET", query: "?expand=body.storage,version"), what: "page read")
        do {
            return try JSONDecoder().decode(Page.self, from: response.body)
        } catch {
            throw .permanent("Confluence page read: the answer is not a page with its body and version")
        }
    }

    private func request(_ method: String, query: String = "", body: JSONValue? = nil) throws(DeliveryFailure) -> OutboundRequest {
        let basic = Data("\(credentials.email):\(credentials.apiToken)".utf8).base64EncodedString()
        var headers = ["Authorization": "Basic \(basic)", "Accept": "application/json"]
        if body != nil { headers["Content-Type"] = "application/json" }
        let path = "/wiki/rest/api/content/\(pageID)\(query)"
        return OutboundRequest(url: try PublishingAPI.url(baseURL, path), method: method, headers: headers, body: body?.encoded())
    }

    /// The parts of a page its update sends back: Confluence wants the id, type, title and next version with the body.
    struct Page: Decodable {
        struct Version: Decodable {
            var number: Int
        }

        struct Body: Decodable {
            struct Storage: Decodable {
                var value: String
                var representation: String
            }

            var storage: Storage
        }

        var id: String
        var type: String
        var title: String
        var version: Version
        var body: Body

        var json: JSONValue {
            [
                "id": .string(id), "type": .string(type), "title": .string(title), "version": ["number": .number(Double(version.number))],
                "body": ["storage": ["value": .string(body.storage.value), "representation": .string(body.storage.representation)]],
            ]
        }
    }
}
