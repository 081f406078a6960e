import ChatPlatforms
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A local stand-in for the parts of Mattermost's REST API (`/api/v4`) the bot calls, on 127.0.0.1: posts, ephemeral
/// posts and patches are recorded; users answer from the given directory (404 otherwise, as for a channel's id);
/// direct channels are made once per pair; a channel's posts are read back with their properties. A post or patch
/// over Mattermost's size limits is refused as Mattermost refuses it. Channels are public (`O`) unless named in
/// `privateChannels`, with their members: one the bot is not in is refused (403) as Mattermost refuses a lookup
/// without permission, and a member lookup of someone not in a channel is 404. `GET /users?in_team=` pages the
/// directory (everyone is in `team`) as Mattermost does: `page` from 0, `per_page` 60 unless asked, never more than 200.
final class FakeMattermostAPI: Sendable {
    struct User: Sendable {
        var username: String
        var automaticZone: String?
        var manualZone: String?
    }

    struct Request: Sendable {
        var method: String
        var path: String
        var authorization: String?
        var json: [String: any Sendable]
        var id: String

        var message: String { json["message"] as? String ?? "" }
        var channelID: String? { json["channel_id"] as? String }
        var rootID: String? { json["root_id"] as? String }
        var properties: [String: any Sendable] { json["props"] as? [String: any Sendable] ?? [:] }
        var idempotencyKey: String? { properties[MattermostMessageRenderer.idempotencyKeyProperty] as? String }
        /// The raw JSON of the request's body.
        var raw: String { json["raw"] as? String ?? "" }
    }

    static let botID = "botuserid00000000000000000"
    private let users: [String: User]
    private let team: String
    private let received = Mutex<[Request]>([])
    private let privateChannels: [String: Set<String>]
    /// People's posts by id, which `GET /posts/{id}` answers with.
    private let written = Mutex<[String: [String: any Sendable]]>([:])

    /// Puts a person's post into a channel (under `root` when it is a reply), as if they had written it.
    func write(id: String, _ message: String, by user: String, in channel: String, root: String = "") {
        written.withLock { $0[id] = ["id": id, "user_id": user, "channel_id": channel, "root_id": root, "message": message, "type": ""] }
    }

    /// Every channel that is not a direct one belongs to `team`.
    init(users: [String: User] = [:], team: String = "team1team1team1team1team1", privateChannels: [String: Set<String>] = [:]) {
        self.users = users
        self.team = team
        self.privateChannels = privateChannels
    }

    /// Mattermost's answer when the bot may not read a private channel it is not in.
    private func refusal(toReadChannel id: String) -> Response? {
        guard let members = privateChannels[id], !members.contains(Self.botID) else { return nil }
        return Self.json(
            ["id": "api.context.permissions.app_error", "message": "You do not have the appropriate permissions.", "status_code": 403], status: .forbidden)
    }

    var posts: [Request] { received.withLock { $0 }.filter { $0.path == "posts" } }
    var ephemerals: [Request] { received.withLock { $0 }.filter { $0.path == "posts/ephemeral" } }
    var patches: [Request] { received.withLock { $0 }.filter { $0.path.hasSuffix("/patch") } }
    var directChannels: [Request] { received.withLock { $0 }.filter { $0.path == "channels/direct" } }

    func run(_ body: @escaping @Sendable (_ baseURL: URL) async throws -> Void) async throws {
        let router = Router()
        let api = router.group("api/v4")
        api.get("users/me") { _, _ in Self.json(["id": Self.botID, "username": "unhurried"]) }
        api.get("users/{id}") { _, context -> Response in
            guard let id = context.parameters.get("id"), let user = self.users[id] else {
                return Self.json(["id": "app.user.missing_account.const", "message": "Unable to find the user.", "status_code": 404], status: .notFound)
            }
            return Self.json(Self.profile(user, id: id))
        }
        api.get("users") { request, _ -> Response in
            let query = request.uri.queryParameters
            let page = query.get("page").flatMap { Int($0) } ?? 0
            let perPage = min(query.get("per_page").flatMap { Int($0) } ?? 60, 200)
            let members = query.get("in_team").map { $0 == self.team ? self.users.sorted { $0.key < $1.key } : [] } ?? self.users.sorted { $0.key < $1.key }
            return Self.json(members.dropFirst(page * perPage).prefix(perPage).map { Self.profile($0.value, id: $0.key) })
        }
        api.get("channels/{id}") { _, context -> Response in
            let id = context.parameters.get("id") ?? ""
            if let refusal = self.refusal(toReadChannel: id) { return refusal }
            // Direct channels belong to no team.
            let type = id.hasPrefix("dm-") ? "D" : self.privateChannels[id] == nil ? "O" : "P"
            return Self.json(["id": id, "team_id": id.hasPrefix("dm-") ? "" : self.team, "type": type])
        }
        api.get("channels/{id}/members/{user}") { _, context -> Response in
            let id = context.parameters.get("id") ?? "", user = context.parameters.get("user") ?? ""
            if let refusal = self.refusal(toReadChannel: id) { return refusal }
            guard self.privateChannels[id]?.contains(user) == true else {
                return Self.json(
                    ["id": "app.channel.get_member.missing.app_error", "message": "No channel member found for that user ID and channel ID.",
                     "status_code": 404], status: .notFound)
            }
            return Self.json(["channel_id": id, "user_id": user, "roles": "channel_user"])
        }
        api.get("channels/{id}/posts") { _, context -> Response in
            let channel = context.parameters.get("id") ?? ""
            let posts = self.posts.filter { $0.channelID == channel }
            var byID: [String: Any] = [:]
            for post in posts {
                byID[post.id] = ["id": post.id, "channel_id": channel, "message": post.message,
                                 "props": [MattermostMessageRenderer.idempotencyKeyProperty: post.idempotencyKey ?? ""]]
            }
            return Self.json(["order": Array(posts.map(\.id).reversed()), "posts": byID])
        }
        api.get("posts/{id}") { _, context -> Response in
            guard let post = self.written.withLock({ $0[context.parameters.get("id") ?? ""] }) else {
                return Self.json(["id": "app.post.get.app_error", "message": "Unable to get the post.", "status_code": 404], status: .notFound)
            }
            return Self.json(post)
        }
        // Mattermost answers with the users it found, leaving out names that match nobody.
        api.post("users/usernames") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 16)
            guard let names = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String] else {
                return Self.json(["id": "api.context.invalid_body_param.app_error", "message": "Invalid body.", "status_code": 400], status: .badRequest)
            }
            let found = self.users.filter { names.contains($0.value.username) }.sorted { $0.key < $1.key }
            return Self.json(found.map { ["id": $0.key, "username": $0.value.username] })
        }
        api.post("channels/direct") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 16)
            let ids = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String] ?? []
            self.record("POST", "channels/direct", request, ["raw": String(buffer: buffer)])
            return Self.json(["id": "dm-" + ids.sorted().joined(separator: "__"), "type": "D"])
        }
        let recordingPost: @Sendable (Hummingbird.Request, BasicRequestContext) async throws -> Response = { request, context in
            let path = request.uri.path.replacingOccurrences(of: "/api/v4/", with: "")
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
            if path != "posts/ephemeral", let refusal = Self.refusal(of: object) { return refusal }
            var json = Self.sendable(object)
            json["raw"] = String(buffer: buffer)
            let id = self.record(request.method.rawValue, path, request, json)
            return Self.json(["id": path.hasSuffix("/patch") ? String(path.split(separator: "/")[1]) : id])
        }
        api.post("posts", use: recordingPost)
        api.post("posts/ephemeral", use: recordingPost)
        api.put("posts/{id}/patch", use: recordingPost)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(URL(string: "http://127.0.0.1:\(client.port!)")!)
        }
    }

    @discardableResult
    private func record(_ method: String, _ path: String, _ request: Hummingbird.Request, _ json: [String: any Sendable]) -> String {
        received.withLock { received in
            let id = "post\(String(format: "%022d", received.count + 1))"
            received.append(Request(method: method, path: path, authorization: request.headers[.authorization], json: json, id: id))
            return id
        }
    }

    /// Mattermost's `Post.IsValid` (server/public/model/post.go), which both a new post and a patched one pass through
    /// the store: a message over `PostMessageMaxRunesV2` (65535 / 4 = 16,383 runes, what a default database reports),
    /// or props whose JSON is over `PostPropsMaxRunes` (800,000 runes), is answered 400 with an `AppError`. Runes are
    /// Unicode scalars, counted as Go's `utf8.RuneCountInString` counts them; Go's `json.Marshal` writes `<`, `>`, `&`,
    /// U+2028 and U+2029 as six-character escapes, so they count six. Ephemeral posts are never stored, so never checked.
    private static func refusal(of post: [String: Any]) -> Response? {
        if let message = post["message"] as? String, message.unicodeScalars.count > 16_383 {
            return appError("model.post.is_valid.message_length.app_error", "Post Message property is longer than the maximum permitted length.")
        }
        if let props = post["props"] as? [String: Any], goJSONRunes(props) > 800_000 {
            return appError("model.post.is_valid.props.app_error", "Invalid props.")
        }
        return nil
    }

    private static func goJSONRunes(_ object: [String: Any]) -> Int {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: .withoutEscapingSlashes)) ?? Data()
        let scalars = String(decoding: data, as: UTF8.self).unicodeScalars
        return scalars.count + 5 * scalars.filter { "<>&\u{2028}\u{2029}".unicodeScalars.contains($0) }.count
    }

    /// How the API answers an `AppError` outside developer mode: translated, with `detailed_error` wiped
    /// (server/channels/web/handlers.go, `handleContextError`; wording from server/i18n/en.json).
    private static func appError(_ id: String, _ message: String) -> Response {
        let requestID = String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(26))
        return json(["id": id, "message": message, "detailed_error": "", "request_id": requestID, "status_code": 400], status: .badRequest)
    }

    private static func sendable(_ object: [String: Any]) -> [String: any Sendable] {
        object.mapValues { value -> any Sendable in
            switch value {
            case let nested as [String: Any]: sendable(nested)
            case let text as String: text
            default: String(describing: value)
            }
        }
    }

    /// A user as Mattermost answers for one: the zone is the automatic one when they let the app pick.
    static func profile(_ user: User, id: String) -> [String: Any] {
        let automatic = user.automaticZone != nil
        return ["id": id, "username": user.username, "delete_at": 0, "is_bot": false, "timezone": [
            "useAutomaticTimezone": automatic ? "true" : "false", "automaticTimezone": user.automaticZone ?? "", "manualTimezone": user.manualZone ?? "",
        ]]
    }

    private static func json(_ value: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
