import ChatPlatformKit
import ChatPlatforms
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A local stand-in for Slack's Web API on 127.0.0.1. It records every `chat.postMessage` and `chat.update`
/// it receives and answers from a script (then `ok` once the script runs out), the way Slack answers: 429 with
/// Retry-After, 5xx, or 200 with `{"ok": …}`. A message whose blocks break Block Kit's limits is refused with
/// `invalid_blocks`, overlong text and blocks with `msg_too_long` and `msg_blocks_too_long` (see `SlackMessageLimits`). `conversations.history`,
/// `conversations.replies` and `conversations.open` answer from what was posted, with each message's metadata; asked
/// for a span of time (`latest`), they answer from what people wrote (`write`) instead, as Slack bounds history by
/// `latest`, `oldest` and `inclusive`, answers a thread with its first message first, and refuses an unknown channel.
/// `conversations.info` and `conversations.members` answer from `conversations`, as Slack answers a bot: a private
/// channel the bot is not in is `channel_not_found`. `views.open` and `auth.test` are `FakeSlackModals`'. `users.info`
/// and `users.list` answer from `people` (`users.info` after the person's `profileDelay`); `users.list` pages as Slack
/// does, with an opaque cursor and `limit` (at most 1,000; `limit_required` without one for a large team), and answers
/// 429 with Retry-After beyond its rate tier (Tier 2: 20 a minute).
final class FakeSlackAPI: Sendable {
    /// Someone in the workspace's directory, with the zone in their profile (nil: none).
    struct Person: Sendable {
        var id: String
        var tz: String?
        var deleted = false
        var isBot = false
        /// How long `users.info` takes to answer about them.
        var profileDelay: Duration = .zero
    }
    /// A channel of the workspace: whether it is private, and who is in it (the bot is `U0BOT`).
    struct Conversation: Sendable {
        var isPrivate: Bool
        var members: [String]
    }

    /// `#general` (C0GENERAL) is public; `G0PRIVATE` is private, with Bob and the bot.
    static let workspaceConversations: [String: Conversation] = [
        "C0GENERAL": Conversation(isPrivate: false, members: ["U0ALICE", "U0BOB", "U0CAROL", "U0BOT"]),
        "C0RANDOM": Conversation(isPrivate: false, members: ["U0ALICE", "U0BOT"]),
        "G0PRIVATE": Conversation(isPrivate: true, members: ["U0BOB", "U0BOT"]),
    ]

    /// A message a person wrote, which a reaction may name.
    struct PersonMessage: Sendable {
        var channel: String
        var ts: String
        var user: String
        var text: String
        var threadTS: String?
    }

    private let written = Mutex<[PersonMessage]>([])

    /// Puts a person's message into a channel (or, with `threadTS`, into a thread), as if they had written it.
    func write(_ text: String, by user: String, in channel: String, ts: String, threadTS: String? = nil) {
        written.withLock { $0.append(PersonMessage(channel: channel, ts: ts, user: user, text: text, threadTS: threadTS)) }
    }

    /// `conversations.history` (`thread` nil: messages of the channel itself, threads' first messages among them) or
    /// `conversations.replies` (the thread of the message `thread`), newest first for history, oldest first for replies.
    private func peoplesMessages(_ fields: [String: String], thread: String?) -> Response {
        let channel = fields["channel"] ?? ""
        let all = written.withLock { $0 }.filter { $0.channel == channel }
        guard !all.isEmpty else { return Self.json(#"{"ok":false,"error":"channel_not_found"}"#) }
        func ts(_ text: String?) -> Double? { text.flatMap(Double.init) }
        let inclusive = fields["inclusive"] == "true"
        func inBounds(_ message: PersonMessage) -> Bool {
            let at = ts(message.ts) ?? 0
            if let latest = ts(fields["latest"]), inclusive ? at > latest : at >= latest { return false }
            if let oldest = ts(fields["oldest"]), inclusive ? at < oldest : at <= oldest { return false }
            return true
        }
        let limit = fields["limit"].flatMap(Int.init) ?? 100
        var found: [PersonMessage]
        if let thread {
            guard let named = all.first(where: { $0.ts == thread }) else { return Self.json(#"{"ok":false,"error":"thread_not_found"}"#) }
            let rootTS = named.threadTS ?? named.ts
            let root = all.filter { $0.ts == rootTS }
            found = root + all.filter { $0.threadTS == rootTS && $0.ts != rootTS && inBounds($0) }.sorted { ts($0.ts)! < ts($1.ts)! }
        } else {
            found = all.filter { ($0.threadTS == nil || $0.threadTS == $0.ts) && inBounds($0) }.sorted { ts($0.ts)! > ts($1.ts)! }
        }
        let rendered = found.prefix(limit).map { message -> String in
            let replies = all.contains { $0.threadTS == message.ts && $0.ts != message.ts }
            let thread = message.threadTS ?? (replies ? message.ts : nil)
            let object: [String: Any] = ["type": "message", "user": message.user, "text": message.text, "ts": message.ts]
                .merging(thread.map { ["thread_ts": $0] } ?? [:]) { $1 }
            return String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
        }
        return Self.json(#"{"ok":true,"messages":[\#(rendered.joined(separator: ","))],"has_more":false}"#)
    }

    struct ReceivedPost: Sendable {
        var method: String
        var ts: String
        var authorization: String?
        var json: [String: any Sendable]

        var channel: String? { json["channel"] as? String }
        var threadTS: String? { json["thread_ts"] as? String }
        var raw: String { json["raw"] as? String ?? "" }
        /// The idempotency key the post carries in its metadata.
        var idempotencyKey: String? {
            guard let range = raw.range(of: #""idempotency_key":""#) else { return nil }
            return String(raw[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    enum ScriptedAnswer: Sendable {
        case rateLimited(retryAfterSeconds: Int)
        case serverError
        case slackError(String)
        /// Takes the post, then answers 500, as when the connection drops after Slack has processed it.
        case acceptThenServerError
    }

    private let received = Mutex<[ReceivedPost]>([])
    private let script: Mutex<[ScriptedAnswer]>

    private let conversations: [String: Conversation]
    /// `views.open`'s triggers and the views it opened.
    let modals = FakeSlackModals()
    private let people: Mutex<[Person]>
    private let usersListPerMinute: Int
    /// When `users.list` was called, for its rate tier.
    private let usersListCalls = Mutex<[ContinuousClock.Instant]>([])

    init(
        script: [ScriptedAnswer] = [], conversations: [String: Conversation] = FakeSlackAPI.workspaceConversations, people: [Person] = [],
        usersListPerMinute: Int = 20
    ) {
        self.script = Mutex(script)
        self.conversations = conversations
        self.people = Mutex(people)
        self.usersListPerMinute = usersListPerMinute
    }

    /// Changes someone's profile zone, as they would in Slack's settings.
    func setZone(_ tz: String?, of id: String) {
        people.withLock { people in
            for index in people.indices where people[index].id == id { people[index].tz = tz }
        }
    }

    /// Whom `users.info` was asked about, in order.
    let profileLookups = Mutex<[String]>([])

    /// How many times `users.list` was called, and how many of those were refused for the rate tier.
    let usersListAnswers = Mutex<(served: Int, refused: Int)>((0, 0))

    private func usersList(_ fields: [String: String]) -> Response {
        let now = ContinuousClock.now
        let refusal = usersListCalls.withLock { calls -> Duration? in
            calls.removeAll { now - $0 >= .seconds(60) }
            guard calls.count < usersListPerMinute else { return .seconds(60) - (now - calls[0]) }
            calls.append(now)
            return nil
        }
        if let refusal {
            usersListAnswers.withLock { $0.refused += 1 }
            let seconds = max(1, Int(refusal.components.seconds) + 1)
            return Response(status: .tooManyRequests, headers: [.retryAfter: String(seconds)])
        }
        usersListAnswers.withLock { $0.served += 1 }
        let everyone = people.withLock { $0 }
        let limit: Int
        if let text = fields["limit"] {
            guard let value = Int(text), (1...1000).contains(value) else { return Self.json(#"{"ok":false,"error":"invalid_limit"}"#) }
            limit = value
        } else {
            guard everyone.count <= 1000 else { return Self.json(#"{"ok":false,"error":"limit_required"}"#) }
            limit = everyone.count
        }
        var start = 0
        if let cursor = fields["cursor"], !cursor.isEmpty {
            guard let decoded = Data(base64Encoded: cursor).map({ String(decoding: $0, as: UTF8.self) }), decoded.hasPrefix("user:"),
                  let index = everyone.firstIndex(where: { $0.id == decoded.dropFirst(5) }) else {
                return Self.json(#"{"ok":false,"error":"invalid_cursor"}"#)
            }
            start = index
        }
        let page = everyone[start...].prefix(limit)
        let next = start + page.count < everyone.count ? Data("user:\(everyone[start + page.count].id)".utf8).base64EncodedString() : ""
        let members = page.map { person -> [String: Any] in
            var member: [String: Any] = [
                "id": person.id, "team_id": "T0TEAM", "name": person.id.lowercased(), "deleted": person.deleted, "is_bot": person.isBot,
            ]
            if let tz = person.tz { member["tz"] = tz }
            return member
        }
        return Self.json(["ok": true, "members": members, "cache_ts": 1_795_420_800, "response_metadata": ["next_cursor": next]])
    }

    /// What the bot may see of a channel: a public one, or a private one it is in.
    private func visible(_ id: String) -> Conversation? {
        conversations[id].flatMap { $0.isPrivate && !$0.members.contains("U0BOT") ? nil : $0 }
    }

    /// The messages posted (`chat.postMessage`), in order.
    var posts: [ReceivedPost] { received.withLock { $0 }.filter { $0.method == "chat.postMessage" } }
    /// The messages shown to one person (`chat.postEphemeral`), in order.
    var ephemerals: [ReceivedPost] { received.withLock { $0 }.filter { $0.method == "chat.postEphemeral" } }
    /// The messages updated in place (`chat.update`), in order.
    var updates: [ReceivedPost] { received.withLock { $0 }.filter { $0.method == "chat.update" } }

    /// Runs the fake on an ephemeral port for the duration of `body`.
    func run(_ body: @escaping @Sendable (_ baseURL: URL) async throws -> Void) async throws {
        let router = Router()
        // Profiles name the zone `people` gives them, or none; Carol's has a display name, everyone else's none (their id
        // stands in for it).
        router.post("api/users.info") { request, _ in
            let user = FormBody.fields(of: String(buffer: try await request.body.collect(upTo: 1 << 16)))["user"] ?? ""
            let person = self.people.withLock { $0.first { $0.id == user } }
            self.profileLookups.withLock { $0.append(user) }
            if let delay = person?.profileDelay { try await Task.sleep(for: delay) }
            let profile = user == "U0CAROL" ? #","profile":{"display_name":"carol"}"# : ""
            let tz = person?.tz.map { #","tz":"\#($0)""# } ?? ""
            return Self.json(#"{"ok":true,"user":{"id":"\#(user)"\#(tz)\#(profile)}}"#)
        }
        router.post("api/users.list") { request, _ in
            self.usersList(FormBody.fields(of: String(buffer: try await request.body.collect(upTo: 1 << 16))))
        }
        router.post("api/conversations.open") { request, _ in
            let users = FormBody.fields(of: String(buffer: try await request.body.collect(upTo: 1 << 16)))["users"] ?? ""
            return Self.json(#"{"ok":true,"channel":{"id":"D\#(users)"}}"#)
        }
        router.post("api/conversations.info") { request, _ in
            let id = FormBody.fields(of: String(buffer: try await request.body.collect(upTo: 1 << 16)))["channel"] ?? ""
            guard let conversation = self.visible(id) else { return Self.json(#"{"ok":false,"error":"channel_not_found"}"#) }
            return Self.json(#"{"ok":true,"channel":{"id":"\#(id)","is_channel":true,"is_group":false,"is_im":false,"is_mpim":false,"is_private":\#(conversation.isPrivate)}}"#)
        }
        // Pages of `limit` members (100 unless asked), the cursor being the next page's offset.
        router.post("api/conversations.members") { request, _ in
            let fields = FormBody.fields(of: String(buffer: try await request.body.collect(upTo: 1 << 16)))
            guard let conversation = self.visible(fields["channel"] ?? "") else { return Self.json(#"{"ok":false,"error":"channel_not_found"}"#) }
            let limit = Int(fields["limit"] ?? "100") ?? 100
            guard (1...1000).contains(limit) else { return Self.json(#"{"ok":false,"error":"invalid_limit"}"#) }
            let offset = Int(fields["cursor"] ?? "0") ?? 0
            let page = conversation.members.dropFirst(offset).prefix(limit)
            let next = offset + page.count < conversation.members.count ? String(offset + page.count) : ""
            return Self.json(["ok": true, "members": Array(page), "response_metadata": ["next_cursor": next]])
        }
        let history: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let fields = FormBody.fields(of: String(buffer: try await request.body.collect(upTo: 1 << 16)))
            if fields["latest"] != nil { return self.peoplesMessages(fields, thread: request.uri.path.hasSuffix("replies") ? fields["ts"] : nil) }
            let channel = fields["channel"] ?? ""
            let messages = self.posts.filter { "D\($0.channel ?? "")" == channel || $0.channel == channel }
                .filter { $0.threadTS == fields["ts"] }
                .map { #"{"type":"message","ts":"\#($0.ts)","metadata":{"event_type":"unhurried_post","event_payload":{"idempotency_key":"\#($0.idempotencyKey ?? "")"}}}"# }
            return Self.json(#"{"ok":true,"messages":[\#(messages.joined(separator: ","))]}"#)
        }
        router.post("api/conversations.history", use: history)
        router.post("api/conversations.replies", use: history)
        modals.register(on: router)
        router.post("api/{method}") { request, context -> Response in
            let method = context.parameters.get("method") ?? ""
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let answer = self.script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            if let answer, !answer.takesThePost { return Self.response(for: answer) }
            let sent = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
            if let refusal = SlackMessageLimits.refusal(of: sent) { return Self.json(refusal) }
            let object = sent
            let ts = self.received.withLock { posts in
                let ts = method == "chat.update" ? "\(object["ts"] ?? "")" : "1795420800.\(String(format: "%06d", posts.count + 1))"
                posts.append(ReceivedPost(
                    method: method,
                    ts: ts,
                    authorization: request.headers[.authorization],
                    json: object.mapValues { String(describing: $0) as any Sendable }.merging(
                        ["raw": String(buffer: buffer)], uniquingKeysWith: { $1 })))
                return ts
            }
            if let answer { return Self.response(for: answer) }
            return Self.json(["ok": true, "channel": object["channel"] ?? "", "ts": ts, "message_ts": ts])
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(URL(string: "http://127.0.0.1:\(client.port!)/api")!)
        }
    }

    private static func response(for answer: ScriptedAnswer) -> Response {
        switch answer {
        case .rateLimited(let seconds):
            Response(status: .tooManyRequests, headers: [.retryAfter: String(seconds)])
        case .serverError, .acceptThenServerError:
            Response(status: .internalServerError)
        case .slackError(let error):
            json(#"{"ok":false,"error":"\#(error)"}"#)
        }
    }

    private static func json(_ object: [String: Any]) -> Response {
        json(String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self))
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

extension FakeSlackAPI.ScriptedAnswer {
    var takesThePost: Bool {
        if case .acceptThenServerError = self { return true }
        return false
    }
}
