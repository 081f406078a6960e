import ChatPlatformKit
import Foundation
import Synchronization
import UnhurriedCore

/// Posts to Slack's Web API with the bot token and turns its answers into delivery outcomes.
public struct SlackWebAPIClient: ChatTransport {
    public static let defaultBaseURL = URL(string: "https://slack.com/api")!

    private let baseURL: URL
    private let botToken: String
    private let http: any OutboundHTTPClient
    /// Display names read so far, for messages that name people without calling them.
    private let knownNames = KnownNames()
    /// The bot's own user id, read once: interaction payloads do not name it, and a tracked message may mention it.
    let botIdentity = SlackBotIdentity()

    public init(baseURL: URL, botToken: String, http: any OutboundHTTPClient) {
        self.baseURL = baseURL
        self.botToken = botToken
        self.http = http
    }

    public func post(
        _ message: ChatMessage, to channel: ChatChannel, inThreadOf threadRef: String?, idempotencyKey: String
    ) async throws(DeliveryFailure) -> String {
        // A mention notifies; people a message only names (in a digest, or on a card that came outside their hours)
        // are written by their names instead.
        let uncalled = message.uncalledUsers
        let names = uncalled.isEmpty ? [:] : try await displayNames(of: uncalled)
        let body = SlackMessageRenderer.postMessage(
            message, channel: channel.channelID, threadTS: threadRef, idempotencyKey: idempotencyKey, names: names)
        let answer = try await call(.chatPostMessage, body: body, answer: SlackPostedMessage.self)
        guard let ts = answer.ts else { throw .permanent("chat.postMessage answered without a ts") }
        return ts
    }

    public func postPrivately(
        _ message: ChatMessage, to user: ChatUserID, in channel: ChatChannel, inThreadOf threadRef: String?
    ) async throws(DeliveryFailure) -> String {
        let answer = try await call(
            .chatPostEphemeral,
            body: SlackMessageRenderer.postEphemeral(message, channel: channel.channelID, user: user.rawValue, threadTS: threadRef),
            answer: SlackPostedEphemeral.self)
        guard let ts = answer.messageTS else { throw .permanent("chat.postEphemeral answered without a message_ts") }
        return ts
    }

    public func update(_ messageRef: String, in channel: ChatChannel, with message: ChatMessage) async throws(DeliveryFailure) {
        _ = try await call(
            .chatUpdate, body: SlackMessageRenderer.update(message, channel: channel.channelID, ts: messageRef), answer: SlackNoContent.self)
    }

    /// Reads the channel's history (or the thread's replies) from a minute before `since`, with message metadata,
    /// page by page, and returns the `ts` of the message that carries `idempotencyKey`. Direct messages were
    /// posted by user id; their history is read from the IM channel that `conversations.open` names.
    public func findPost(
        idempotencyKey: String, in channel: ChatChannel, inThreadOf threadRef: String?, since: Date
    ) async throws(DeliveryFailure) -> String? {
        var channelID = channel.channelID
        if channelID.hasPrefix("U") || channelID.hasPrefix("W") {
            let opened = try await call(.conversationsOpen, form: [("users", channelID)], answer: SlackOpenedConversation.self)
            guard let id = opened.channel?.id else {
                throw .temporary("conversations.open answered without a channel")
            }
            channelID = id
        }
        var fields = [
            ("channel", channelID), ("oldest", String(format: "%.6f", since.timeIntervalSince1970 - 60)),
            ("include_all_metadata", "true"), ("limit", "200"),
        ]
        if let threadRef { fields.append(("ts", threadRef)) }
        var cursor: String?
        for _ in 0..<Self.historyPages {
            let page = try await call(
                threadRef == nil ? .conversationsHistory : .conversationsReplies, form: fields + (cursor.map { [("cursor", $0)] } ?? []),
                answer: SlackHistoryPage.self)
            let match = page.messages?.first { $0.metadata?.eventPayload?.idempotencyKey == idempotencyKey }
            if let ts = match?.ts { return ts }
            cursor = page.responseMetadata?.nextCursor
            guard let next = cursor, !next.isEmpty else { return nil }
        }
        return nil
    }

    /// A lookup reads at most this many pages of 200 messages: a channel busier than that in the minutes around
    /// a crash is rare, and each page is a rate-limited call.
    static let historyPages = 10

    /// The display names of `users` (`users.info`, read once per person). A profile that names nobody, or cannot be
    /// read for good, gives the user id as the name: still no mention. A lookup that may work later fails the post, which
    /// is retried.
    private func displayNames(of users: Set<ChatUserID>) async throws(DeliveryFailure) -> [ChatUserID: String] {
        var names = knownNames.names.withLock { known in known.filter { users.contains($0.key) } }
        for user in users where names[user] == nil {
            let profile: SlackUserInfo.User?
            do {
                profile = try await call(.usersInfo, form: [("user", user.rawValue)], answer: SlackUserInfo.self).user
            } catch .permanent {
                // Remembered like a name: asking again for every post would fail the same way.
                profile = nil
            }
            let name = [profile?.profile?.displayName, profile?.realName, profile?.name]
                .compactMap { $0 }.first { !$0.isEmpty } ?? user.rawValue
            names[user] = name
            knownNames.names.withLock { known in
                if known.count > 10_000 { known.removeAll() }
                known[user] = name
            }
        }
        return names
    }

    /// Calls a method that takes a JSON body (Slack's write methods).
    func call<Answer: Decodable>(
        _ method: SlackMethod, body: JSONValue, answer: Answer.Type
    ) async throws(DeliveryFailure) -> Answer {
        try await call(method, body: body.encoded(), contentType: "application/json; charset=utf-8", answer: answer)
    }

    /// Calls a method with a form body; Slack's read methods take only these.
    func call<Answer: Decodable>(
        _ method: SlackMethod, form fields: [(String, String)], answer: Answer.Type
    ) async throws(DeliveryFailure) -> Answer {
        try await call(method, body: Data(FormBody.encoded(fields).utf8), contentType: "application/x-www-form-urlencoded", answer: answer)
    }

    /// Calls one Web API method. Slack reports most failures as HTTP 200 with `"ok": false`.
    private func call<Answer: Decodable>(
        _ method: SlackMethod, body: Data, contentType: String, answer: Answer.Type
    ) async throws(DeliveryFailure) -> Answer {
        let request = OutboundRequest(
            url: baseURL.appendingPathComponent(method.rawValue),
            headers: ["Authorization": "Bearer \(botToken)", "Content-Type": contentType],
            body: body)
        let response: OutboundResponse
        do {
            response = try await http.send(request)
        } catch {
            throw DeliveryFailure(calling: "\(method)", failedWith: error)
        }
        if response.status == 429 {
            throw .rateLimited(retryAfterSeconds: response.headers["retry-after"].flatMap { Int($0) })
        }
        guard (200..<300).contains(response.status) else {
            let reason = "\(method): HTTP \(response.status)"
            throw response.status >= 500 ? .temporary(reason) : .permanent(reason)
        }
        guard let answer = try? JSONDecoder().decode(SlackAnswer<Answer>.self, from: response.body) else {
            throw .temporary("\(method): answer is not JSON")
        }
        guard answer.outcome.ok == true else {
            let error = answer.outcome.error ?? "unknown_error"
            if error == "ratelimited" { throw .rateLimited(retryAfterSeconds: nil) }
            throw Self.temporaryErrors.contains(error) ? .temporary("\(method): \(error)") : .permanent("\(method): \(error)")
        }
        return answer.content
    }

    /// Slack errors that say "try again later" rather than "this request is wrong".
    private static let temporaryErrors: Set<String> = [
        "internal_error", "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org",
    ]
}

/// Shared by every copy of the client, so each person's name is read once per process.
private final class KnownNames: Sendable {
    let names = Mutex<[ChatUserID: String]>([:])
}
