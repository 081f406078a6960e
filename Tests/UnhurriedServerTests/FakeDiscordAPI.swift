import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A local stand-in for the parts of Discord's REST API (`/api/v10`) the bot calls, on 127.0.0.1, refusing what Discord
/// refuses: a token other than `Bot <token>` (401), a channel or message it does not know (404, codes 10003 and 10008),
/// and a message Discord would not take (400, code 50035 "Invalid Form Body"): content over 2,000 characters, more than
/// five rows of at most five buttons, a button id not of 1–100 characters or used twice in the message, a label over
/// 80, a nonce over 25 characters, more than 100 people allowed to be mentioned. A post with an enforced nonce it has
/// taken from the bot in that channel is answered with the message it made then, as Discord does for a few minutes.
/// `GET /users/{id}` knows `users` (404, code 10013, for anyone else, such as a channel's id); a direct channel is
/// made once per person. `limitNextPost` answers the next post 429 with Discord's body and `Retry-After`. `GET
/// /gateway/bot` names `gateway`'s address; without one it is 404, as for an unknown route.
final class FakeDiscordAPI: Sendable {
    struct Message: Sendable {
        var id: String
        var channelID: String
        var method: String
        /// The request's JSON, as sent.
        var raw: String

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: Any] ?? [:] }
        var content: String { json["content"] as? String ?? "" }
        var customIDs: [String] {
            (json["components"] as? [[String: Any]] ?? []).flatMap { ($0["components"] as? [[String: Any]] ?? []).compactMap { $0["custom_id"] as? String } }
        }
        var allowedUsers: [String] { (json["allowed_mentions"] as? [String: Any])?["users"] as? [String] ?? [] }
        var replyTo: String? { (json["message_reference"] as? [String: Any])?["message_id"] as? String }
    }

    let token: String
    private let gateway: FakeDiscordGateway?
    private let users: Set<String>
    private let channels: Set<String>
    private let state = Mutex(State())

    private struct State {
        var messages: [Message] = []
        var directChannels: [String: String] = [:]
        var nonces: [String: String] = [:]
        var limitNextPost = false
        var refused: [String] = []
    }

    init(token: String = "bot-token", users: Set<String>, channels: Set<String>, gateway: FakeDiscordGateway? = nil) {
        self.token = token
        self.gateway = gateway
        self.users = users
        self.channels = channels
    }

    /// Posts and edits, in the order they were taken.
    var messages: [Message] { state.withLock { $0.messages } }
    var posts: [Message] { messages.filter { $0.method == "POST" } }
    var edits: [Message] { messages.filter { $0.method == "PATCH" } }
    /// Deferred answers edited in, each with `application/token` as its channel.
    var editedAnswers: [Message] { messages.filter { $0.method == "EDIT_ANSWER" } }
    /// What was refused, as Discord's error messages say.
    var refused: [String] { state.withLock { $0.refused } }
    func directChannel(of user: String) -> String? { state.withLock { $0.directChannels[user] } }
    func limitNextPost() { state.withLock { $0.limitNextPost = true } }

    func run(_ body: @escaping @Sendable (_ apiURL: URL) async throws -> Void) async throws {
        let router = Router()
        let api = router.group("api/v10")
        api.get("gateway/bot") { request, _ -> Response in
            if let refusal = self.unauthorized(request) { return refusal }
            guard let gateway = self.gateway else { return jsonResponse(.notFound, ["message": "404: Not Found", "code": 0]) }
            return jsonResponse(.ok, ["url": gateway.address, "shards": 1,
                              "session_start_limit": ["total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1]])
        }
        api.get("users/{id}") { request, context -> Response in
            if let refusal = self.unauthorized(request) { return refusal }
            guard let id = context.parameters.get("id"), self.users.contains(id) else { return self.error(.notFound, 10013, "Unknown User") }
            return jsonResponse(.ok, ["id": id, "username": "user\(id.suffix(3))", "discriminator": "0"])
        }
        api.post("users/@me/channels") { request, _ -> Response in
            if let refusal = self.unauthorized(request) { return refusal }
            let (_, json) = try await Self.body(request)
            guard let user = json["recipient_id"] as? String, self.users.contains(user) else {
                return self.error(.badRequest, 50035, "Invalid Form Body")
            }
            let id = self.state.withLock { state in
                if let known = state.directChannels[user] { return known }
                let id = "9\(String(format: "%018d", state.directChannels.count + 1))"
                state.directChannels[user] = id
                return id
            }
            return jsonResponse(.ok, ["id": id, "type": 1, "recipients": [["id": user]]])
        }
        api.post("channels/{channel}/messages") { request, context -> Response in
            if let refusal = self.unauthorized(request) { return refusal }
            let channel = context.parameters.get("channel") ?? ""
            guard self.isChannel(channel) else { return self.error(.notFound, 10003, "Unknown Channel") }
            let (raw, json) = try await Self.body(request)
            if let refusal = self.refusal(of: json) { return refusal }
            if self.state.withLock({ state in defer { state.limitNextPost = false }; return state.limitNextPost }) {
                var limited = jsonResponse(.tooManyRequests, ["message": "You are being rate limited.", "retry_after": 0.6, "global": false])
                limited.headers[.retryAfter] = "1"
                return limited
            }
            let nonce = (json["enforce_nonce"] as? Bool == true) ? json["nonce"] as? String : nil
            let id = self.state.withLock { state -> String in
                if let nonce, let made = state.nonces["\(channel) \(nonce)"] { return made }
                let id = "5\(String(format: "%018d", state.messages.count + 1))"
                state.messages.append(Message(id: id, channelID: channel, method: "POST", raw: raw))
                if let nonce { state.nonces["\(channel) \(nonce)"] = id }
                return id
            }
            return jsonResponse(.ok, ["id": id, "channel_id": channel, "content": json["content"] as? String ?? ""])
        }
        api.patch("channels/{channel}/messages/{message}") { request, context -> Response in
            if let refusal = self.unauthorized(request) { return refusal }
            let channel = context.parameters.get("channel") ?? "", message = context.parameters.get("message") ?? ""
            guard self.posts.contains(where: { $0.id == message && $0.channelID == channel }) else { return self.error(.notFound, 10008, "Unknown Message") }
            let (raw, json) = try await Self.body(request)
            if let refusal = self.refusal(of: json) { return refusal }
            self.state.withLock { $0.messages.append(Message(id: message, channelID: channel, method: "PATCH", raw: raw)) }
            return jsonResponse(.ok, ["id": message, "channel_id": channel])
        }
        // An interaction's answer, edited in after it was deferred: addressed by the application and the token, which
        // is its only credential (no bot token needed).
        api.patch("webhooks/{application}/{token}/messages/@original") { request, context -> Response in
            let (raw, json) = try await Self.body(request)
            if let refusal = self.refusal(of: json) { return refusal }
            let path = "\(context.parameters.get("application") ?? "")/\(context.parameters.get("token") ?? "")"
            self.state.withLock { $0.messages.append(Message(id: "@original", channelID: path, method: "EDIT_ANSWER", raw: raw)) }
            return jsonResponse(.ok, ["id": "5999999999999999999", "flags": 64, "content": json["content"] as? String ?? ""])
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(URL(string: "http://127.0.0.1:\(client.port!)/api/v10")!)
        }
    }

    private func isChannel(_ id: String) -> Bool {
        channels.contains(id) || state.withLock { $0.directChannels.values.contains(id) }
    }

    private func unauthorized(_ request: Request) -> Response? {
        request.headers[.authorization] == "Bot \(token)" ? nil : error(.unauthorized, 0, "401: Unauthorized")
    }

    /// What Discord's form validation refuses of a message.
    private func refusal(of message: [String: Any]) -> Response? {
        if (message["content"] as? String)?.utf16.count ?? 0 > 2_000 { return error(.badRequest, 50035, "Invalid Form Body") }
        if (message["nonce"] as? String)?.count ?? 0 > 25 { return error(.badRequest, 50035, "Invalid Form Body") }
        if ((message["allowed_mentions"] as? [String: Any])?["users"] as? [Any])?.count ?? 0 > 100 { return error(.badRequest, 50035, "Invalid Form Body") }
        let rows = message["components"] as? [[String: Any]] ?? []
        let buttons = rows.map { $0["components"] as? [[String: Any]] ?? [] }
        let ids = buttons.joined().compactMap { $0["custom_id"] as? String }
        guard rows.count <= 5, buttons.allSatisfy({ (1...5).contains($0.count) }), Set(ids).count == ids.count,
              ids.allSatisfy({ (1...100).contains($0.count) }),
              buttons.joined().allSatisfy({ ($0["label"] as? String)?.count ?? 0 <= 80 && $0["custom_id"] != nil })
        else { return error(.badRequest, 50035, "Invalid Form Body") }
        return nil
    }

    private func error(_ status: HTTPResponse.Status, _ code: Int, _ message: String) -> Response {
        state.withLock { $0.refused.append(message) }
        return jsonResponse(status, ["message": message, "code": code])
    }

    /// A request's body as sent, and read as a JSON object (empty when it is not one).
    private static func body(_ request: Request) async throws -> (raw: String, json: [String: Any]) {
        let raw = String(buffer: try await request.body.collect(upTo: 1 << 22))
        return (raw, (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: Any] ?? [:])
    }
}
