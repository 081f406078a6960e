import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Adds each decision as a row (a page) of a Notion data source: `POST /v1/pages` with the data source as parent,
/// a bearer token and the API version. The data source needs the columns `Name` (title), `Decided by`, `Channel`,
/// `Unhurried key` (text) and `Decided at` (date). After an attempt whose outcome is unknown, the data source is
/// queried for a row with the publication's key before a second one is added.
struct NotionPublisher: DecisionPublisher {
    let baseURL: URL
    let dataSourceID: String
    let token: String
    let api: PublishingAPI

    /// The API version this client speaks: the one that names a database's table a data source.
    static let version = "2025-09-03"
    /// Notion's limit on one text object's content.
    static let textLimit = 2000

    init(baseURL: URL, dataSourceID: String, token: String, http: any OutboundHTTPClient) {
        self.baseURL = baseURL
        self.dataSourceID = dataSourceID
        self.token = token
        api = PublishingAPI(name: "Notion", http: http)
    }

    func publish(_ publication: DecisionPublication, earlierAttemptUncertain: Bool) async throws(DeliveryFailure) -> String {
        if earlierAttemptUncertain, let row = try await row(withKey: publication.idempotencyKey) { return row }
        let response = try await api.expectSuccess(try request("/v1/pages", body: Self.page(publication, in: dataSourceID)), what: "page create")
        return (try? JSONDecoder().decode(Created.self, from: response.body))?.id ?? "created"
    }

    /// The id of the row an earlier attempt added, if it did.
    private func row(withKey key: IdempotencyKey) async throws(DeliveryFailure) -> String? {
        let query: JSONValue = ["filter": ["property": "Unhurried key", "rich_text": ["equals": .string(key.rawValue)]], "page_size": 1]
        let response = try await api.expectSuccess(try request("/v1/data_sources/\(dataSourceID)/query", body: query), what: "data source query")
        return (try? JSONDecoder().decode(QueryResults.self, from: response.body))?.results.first?.id
    }

    private func request(_ path: String, body: JSONValue) throws(DeliveryFailure) -> OutboundRequest {
        OutboundRequest(
            url: try PublishingAPI.url(baseURL, path), method: "POST",
            headers: ["Authorization": "Bearer \(token)", "Notion-Version": Self.version, "Content-Type": "application/json"],
            body: body.encoded())
    }

    /// The row: its properties, and the decision's full text and links as the page's content.
    static func page(_ publication: DecisionPublication, in dataSourceID: String) -> JSONValue {
        let title = "#\(publication.decisionID.rawValue) \(publication.text)"
        var children: [JSONValue] = chunks(of: publication.text).map { paragraph in
            ["object": "block", "type": "paragraph", "paragraph": ["rich_text": [text(paragraph)]]]
        }
        if let supersedes = publication.supersedes {
            children.append(["object": "block", "type": "paragraph", "paragraph": ["rich_text": [text("Supersedes #\(supersedes.rawValue)")]]])
        }
        children += publication.links.map { link in
            ["object": "block", "type": "bulleted_list_item", "bulleted_list_item": ["rich_text": [text(link.label ?? link.url, link: link.url)]]]
        }
        return [
            "parent": ["type": "data_source_id", "data_source_id": .string(dataSourceID)],
            "properties": [
                "Name": ["title": [text(title)]],
                "Decided by": ["rich_text": [text(publication.author.rawValue)]],
                "Channel": ["rich_text": [text("\(publication.channel.platform):\(publication.channel.channelID)")]],
                "Decided at": ["date": ["start": .string(publication.recordedAtText)]],
                "Unhurried key": ["rich_text": [text(publication.idempotencyKey.rawValue)]],
            ],
            "children": .array(children),
        ]
    }

    /// A text object, cut to Notion's limit; a link's text points at it.
    private static func text(_ content: String, link: String? = nil) -> JSONValue {
        var text: [(String, JSONValue)] = [("content", .string(String(content.prefix(textLimit))))]
        if let link { text.append(("link", ["url": .string(link)])) }
        return ["type": "text", "text": .object(text)]
    }

    /// `text` in pieces Notion takes, so a long decision is shown whole.
    private static func chunks(of text: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            pieces.append(String(rest.prefix(textLimit)))
            rest = rest.dropFirst(textLimit)
        }
        return pieces
    }

    private struct Created: Decodable {
        var id: String
    }

    private struct QueryResults: Decodable {
        var results: [Created]
    }
}
