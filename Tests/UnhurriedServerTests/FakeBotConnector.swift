import Foundation
import Hummingbird
import Synchronization

/// A local stand-in, on 127.0.0.1, for the Bot Connector API of Teams' region (the `serviceUrl` of its activities), as
/// strict as the real one where a test could otherwise pass and production fail: a token the login did not issue is
/// `401 Authorization has been denied`, a conversation it does not know `404 ConversationNotFound`, a person's chat with
/// a bot they have not installed `403 BotNotInConversationRoster`, a message over 100 KB (counted in UTF-16, as Teams
/// counts) `413 MessageSizeTooBig`, and more than 7 posts a second or 60 in 30 s to one thread `429`.
final class FakeBotConnector: Sendable {
    struct Sent: Sendable {
        /// The conversation posted to: a chat, a channel thread (`19:…;messageid=…`), or the channel for a new thread.
        var conversation: String
        var id: String
        var authorization: String?
        var activity: [String: any Sendable]

        var card: [String: any Sendable]? {
            ((activity["attachments"] as? [Any])?.first as? [String: Any])?["content"] as? [String: any Sendable]
        }
        /// The card's text, every block's, joined by new lines.
        var text: String {
            ((card?["body"] as? [Any]) ?? []).compactMap { ($0 as? [String: Any])?["text"] as? String }.joined(separator: "\n")
        }
        /// The verbs of the card's buttons, in every action set.
        var buttons: [String] {
            ((card?["body"] as? [Any]) ?? []).flatMap { element -> [String] in
                guard let set = element as? [String: Any], set["type"] as? String == "ActionSet" else { return [] }
                return ((set["actions"] as? [Any]) ?? []).compactMap { ($0 as? [String: Any])?["verb"] as? String }
            }
        }
        var mentioned: [String] {
            (((card?["msteams"] as? [String: Any])?["entities"] as? [Any]) ?? []).compactMap {
                (($0 as? [String: Any])?["mentioned"] as? [String: Any])?["id"] as? String
            }
        }
    }

    private struct State {
        var posts: [Sent] = []
        var updates: [Sent] = []
        var threadRoots: [String: Set<String>] = [:]
        var openedChats: [String: String] = [:]
        /// Chats people wrote to the bot in.
        var chats: Set<String> = []
        var nextID = 1_795_420_800_000
        /// Posts to each conversation, for the rate limit.
        var sentAt: [String: [Date]] = [:]
        var failNext: [FakeTargetAnswer] = []
        var revoked: Set<String> = []
    }

    private let state = Mutex(State())
    private let channels: Set<String>
    /// People who installed the app for themselves, whose chat with the bot can be opened.
    private let installedFor: Set<String>
    private let names: [String: String]
    private let tokenIsIssued: @Sendable (String) -> Bool

    init(
        channels: Set<String> = [], installedFor: Set<String> = [], names: [String: String] = [:],
        tokenIsIssued: @escaping @Sendable (String) -> Bool
    ) {
        self.channels = channels
        self.installedFor = installedFor
        self.names = names
        self.tokenIsIssued = tokenIsIssued
    }

    var posts: [Sent] { state.withLock { $0.posts } }
    var updates: [Sent] { state.withLock { $0.updates } }

    /// From now on `token` is refused, as a token is after its app's secret changed.
    func revoke(_ token: String) {
        state.withLock { _ = $0.revoked.insert(token) }
    }

    /// The next requests that post are answered so instead of being taken normally.
    func failNext(_ answers: [FakeTargetAnswer]) {
        state.withLock { $0.failNext += answers }
    }

    /// A conversation people wrote in: a thread they started in a channel, or a chat, which the bot may then post in.
    func peopleWrote(in conversation: String) {
        state.withLock { state in
            guard let separator = conversation.range(of: ";messageid=") else {
                state.chats.insert(conversation)
                return
            }
            state.threadRoots[String(conversation[..<separator.lowerBound]), default: []].insert(String(conversation[separator.upperBound...]))
        }
    }

    /// The chat Teams opened between the bot and `user`, once it has.
    func chat(with user: String) -> String? { state.withLock { $0.openedChats[user] } }

    func run(_ body: @escaping @Sendable (_ baseURL: URL) async throws -> Void) async throws {
        let router = Router()
        let conversations = router.group("v3/conversations")
        conversations.post("") { request, context in try await self.createConversation(request, context: context) }
        conversations.post("{conversation}/activities") { request, context in try await self.send(request, context: context) }
        conversations.put("{conversation}/activities/{activity}") { request, context in try await self.update(request, context: context) }
        conversations.get("{conversation}/members/{member}") { request, context -> Response in
            if let refusal = self.refusal(request) { return refusal }
            guard let member = Self.parameter("member", context), let name = self.names[member] else {
                return Self.error(.notFound, "MemberNotFound", "The member was not found in the conversation.")
            }
            return jsonResponse(.ok, ["id": member, "name": name])
        }
        try await serveLocally(router, body)
    }

    private func createConversation(_ request: Request, context: BasicRequestContext) async throws -> Response {
        if let refusal = refusal(request) { return refusal }
        let json = try await Self.body(request)
        if json["isGroup"] as? Bool == true {
            guard let channel = ((json["channelData"] as? [String: Any])?["channel"] as? [String: Any])?["id"] as? String,
                  channels.contains(channel), let activity = json["activity"] as? [String: any Sendable] else {
                return Self.error(.badRequest, "BadArgument", "A new thread needs a channel the bot is in and an activity.")
            }
            if let refusal = limits(activity, in: channel) { return refusal }
            let scripted = nextScripted()
            if case .serverError? = scripted { return Self.serverError }
            let id = record(activity, in: channel, authorization: request.headers[.authorization])
            if case .acceptThenServerError? = scripted { return Self.serverError }
            return jsonResponse(.created, ["id": "\(channel);messageid=\(id)", "activityId": id])
        }
        guard let members = json["members"] as? [[String: Any]], members.count == 1, let user = members[0]["id"] as? String,
              (json["bot"] as? [String: Any])?["id"] != nil, json["tenantId"] as? String != nil else {
            return Self.error(.badRequest, "BadArgument", "A chat needs the bot, one member and the tenant.")
        }
        guard installedFor.contains(user) else {
            return Self.error(.forbidden, "BotNotInConversationRoster", "The bot is not part of the conversation roster.")
        }
        let chat = state.withLock { state in
            state.openedChats[user] = state.openedChats[user] ?? "a:1\(user.dropFirst(3))"
            return state.openedChats[user]!
        }
        return jsonResponse(.created, ["id": chat])
    }

    private func send(_ request: Request, context: BasicRequestContext) async throws -> Response {
        if let refusal = refusal(request) { return refusal }
        guard let conversation = Self.parameter("conversation", context) else { return Response(status: .badRequest) }
        let json = try await Self.body(request)
        let known = state.withLock { state -> Bool in
            if state.chats.contains(conversation) || state.openedChats.values.contains(conversation) { return true }
            guard let separator = conversation.range(of: ";messageid=") else { return false }
            return state.threadRoots[String(conversation[..<separator.lowerBound]), default: []].contains(String(conversation[separator.upperBound...]))
        }
        guard known else { return Self.error(.notFound, "ConversationNotFound", "Conversation not found.") }
        if let refusal = limits(json, in: conversation) { return refusal }
        let scripted = nextScripted()
        if case .serverError? = scripted { return Self.serverError }
        let id = record(json, in: conversation, authorization: request.headers[.authorization])
        if case .acceptThenServerError? = scripted { return Self.serverError }
        return jsonResponse(.created, ["id": id])
    }

    private func update(_ request: Request, context: BasicRequestContext) async throws -> Response {
        if let refusal = refusal(request) { return refusal }
        guard let conversation = Self.parameter("conversation", context), let activityID = Self.parameter("activity", context) else {
            return Response(status: .badRequest)
        }
        let json = try await Self.body(request)
        let posted = state.withLock { $0.posts.contains { $0.id == activityID } }
        guard posted else { return Self.error(.notFound, "ActivityNotFound", "The activity was not found.") }
        if let refusal = limits(json, in: conversation) { return refusal }
        state.withLock { $0.updates.append(Sent(conversation: conversation, id: activityID, authorization: request.headers[.authorization], activity: json)) }
        return jsonResponse(.ok, ["id": activityID])
    }

    private func record(_ activity: [String: any Sendable], in conversation: String, authorization: String?) -> String {
        state.withLock { state in
            state.nextID += 1
            let id = String(state.nextID)
            if channels.contains(conversation) { state.threadRoots[conversation, default: []].insert(id) }
            state.posts.append(Sent(conversation: conversation, id: id, authorization: authorization, activity: activity))
            return id
        }
    }

    private func refusal(_ request: Request) -> Response? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), tokenIsIssued(String(header.dropFirst(7))),
              !state.withLock({ $0.revoked.contains(String(header.dropFirst(7))) }) else {
            return jsonResponse(.unauthorized, ["message": "Authorization has been denied for this request."])
        }
        return nil
    }

    private func limits(_ activity: [String: any Sendable], in conversation: String) -> Response? {
        let size = (try? JSONSerialization.data(withJSONObject: activity)).map { String(decoding: $0, as: UTF8.self).utf16.count * 2 } ?? 0
        if size > 100 * 1024 { return Self.error(.contentTooLarge, "MessageSizeTooBig", "Message size too big.") }
        let now = Date()
        let throttled = state.withLock { state -> Bool in
            let recent = state.sentAt[conversation, default: []].filter { now.timeIntervalSince($0) < 30 }
            state.sentAt[conversation] = recent
            if recent.filter({ now.timeIntervalSince($0) < 1 }).count >= 7 || recent.count >= 60 { return true }
            state.sentAt[conversation]?.append(now)
            return false
        }
        guard throttled else { return nil }
        var response = Self.error(.tooManyRequests, "Throttled", "Too many requests.")
        response.headers[.retryAfter] = "1"
        return response
    }

    private func nextScripted() -> FakeTargetAnswer? {
        state.withLock { $0.failNext.isEmpty ? nil : $0.failNext.removeFirst() }
    }

    private static var serverError: Response { error(.internalServerError, "ServiceError", "Internal error.") }

    private static func parameter(_ name: String, _ context: BasicRequestContext) -> String? {
        context.parameters.get(name).map { $0.removingPercentEncoding ?? $0 }
    }

    private static func body(_ request: Request) async throws -> [String: any Sendable] {
        let buffer = try await request.body.collect(upTo: 1024 * 1024)
        return (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: any Sendable] ?? [:]
    }

    private static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        jsonResponse(status, ["error": ["code": code, "message": message]])
    }
}
