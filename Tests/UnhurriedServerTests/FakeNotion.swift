import Foundation
import Hummingbird
import Synchronization

/// A local Notion API with one data source: `POST /v1/pages` adds a row, `POST /v1/data_sources/{id}/query` filters
/// rows by a text property. It refuses what Notion refuses: 401 `unauthorized` without the bearer token, 400
/// `missing_version` without a `Notion-Version` header, 404 `object_not_found` for another parent, and 400
/// `validation_error` for a property the data source does not have or a value of the wrong type.
final class FakeNotion: Sendable {
    struct Row: Sendable {
        var id: String
        /// Each property's plain text (a date's start).
        var properties: [String: String]
        var notionVersion: String
    }

    static let dataSourceID = "1f2e3d4c-0000-4000-8000-000000000001"
    /// The data source's columns and their types.
    static let columns = ["Name": "title", "Decided by": "rich_text", "Channel": "rich_text", "Decided at": "date", "Unhurried key": "rich_text"]
    let token: String
    private let stored = Mutex<[Row]>([])
    private let script: Mutex<[FakeTargetAnswer]>

    init(token: String = "ntn_test_token", script: [FakeTargetAnswer] = []) {
        self.token = token
        self.script = Mutex(script)
    }

    var rows: [Row] { stored.withLock { $0 } }

    func run(_ body: @escaping @Sendable (_ baseURL: URL) async throws -> Void) async throws {
        let router = Router()
        router.post("v1/pages") { request, _ -> Response in
            let (sent, refusal) = try await self.read(request)
            if let refusal { return refusal }
            guard let parent = sent["parent"] as? [String: Any], parent["data_source_id"] as? String == Self.dataSourceID else {
                return Self.error(.notFound, "object_not_found", "Could not find data source.")
            }
            guard let properties = sent["properties"] as? [String: Any], let values = Self.plainText(of: properties) else {
                return Self.error(.badRequest, "validation_error", "body failed validation: properties do not match the data source's schema.")
            }
            let answer = self.script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            if case .serverError? = answer { return Self.error(.internalServerError, "internal_server_error", "Unexpected error.") }
            let row = self.stored.withLock { rows in
                rows.append(Row(id: "page-\(rows.count + 1)", properties: values, notionVersion: request.headers[.init("Notion-Version")!] ?? ""))
                return rows[rows.count - 1]
            }
            if case .acceptThenServerError? = answer { return Self.error(.internalServerError, "internal_server_error", "Unexpected error.") }
            return jsonResponse(.ok, ["object": "page", "id": row.id])
        }
        router.post("v1/data_sources/:id/query") { request, context -> Response in
            let (sent, refusal) = try await self.read(request)
            if let refusal { return refusal }
            guard context.parameters.get("id") == Self.dataSourceID else { return Self.error(.notFound, "object_not_found", "Could not find data source.") }
            guard let filter = sent["filter"] as? [String: Any], let property = filter["property"] as? String,
                  let equals = (filter["rich_text"] as? [String: Any])?["equals"] as? String else {
                return Self.error(.badRequest, "validation_error", "body failed validation: filter.")
            }
            let found = self.rows.filter { $0.properties[property] == equals }.map { ["object": "page", "id": $0.id] }
            return jsonResponse(.ok, ["object": "list", "results": found, "has_more": false])
        }
        try await serveLocally(router, body)
    }

    /// The request's JSON object, or the refusal of a request without the token, the version or a JSON body.
    private func read(_ request: Request) async throws -> ([String: Any], Response?) {
        guard request.headers[.authorization] == "Bearer \(token)" else {
            return ([:], Self.error(.unauthorized, "unauthorized", "API token is invalid."))
        }
        guard request.headers[.init("Notion-Version")!]?.isEmpty == false else {
            return ([:], Self.error(.badRequest, "missing_version", "Notion-Version header failed validation."))
        }
        let data = Data(try await request.body.collect(upTo: 1 << 20).readableBytesView)
        guard let sent = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return ([:], Self.error(.badRequest, "invalid_json", "Error parsing JSON body."))
        }
        return (sent, nil)
    }

    /// Each property's text, or nil when one is not a column or not of its column's type.
    private static func plainText(of properties: [String: Any]) -> [String: String]? {
        var values: [String: String] = [:]
        for (name, value) in properties {
            guard let type = columns[name], let value = value as? [String: Any] else { return nil }
            if type == "date" {
                guard let start = (value["date"] as? [String: Any])?["start"] as? String else { return nil }
                values[name] = start
            } else {
                guard let texts = value[type] as? [[String: Any]] else { return nil }
                values[name] = texts.compactMap { ($0["text"] as? [String: Any])?["content"] as? String }.joined()
            }
        }
        return values
    }

    private static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        jsonResponse(status, ["object": "error", "status": Int(status.code), "code": code, "message": message])
    }
}
