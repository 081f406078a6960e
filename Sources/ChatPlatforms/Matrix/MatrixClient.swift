import ChatPlatformKit
import Crypto
import Foundation
import UnhurriedCore

/// Posts to Matrix rooms through the client-server API as the application service's bot.
///
/// Every post goes out with a transaction id derived from its idempotency key: the homeserver answers a repeated
/// transaction with the event it already made, so a retry after a lost answer cannot post twice. Posts to a person
/// (a channel id that is a user id) go to the bot's direct room with them, made on first use.
public struct MatrixClient: ChatTransport {
    let api: MatrixHomeserverAPI
    let bot: ChatUserID
    private let renderer: MatrixMessageRenderer
    private let directRooms = DirectRooms()

    public init(homeserverURL: URL, accessToken: String, bot: ChatUserID, commandPrefix: String, http: any OutboundHTTPClient) {
        api = MatrixHomeserverAPI(baseURL: homeserverURL, accessToken: accessToken, http: http)
        self.bot = bot
        renderer = MatrixMessageRenderer(commandPrefix: commandPrefix)
    }

    public func post(
        _ message: ChatMessage, to channel: ChatChannel, inThreadOf threadRef: String?, idempotencyKey: String
    ) async throws(DeliveryFailure) -> String {
        guard let room = try await roomID(of: channel, creating: true) else { throw .temporary("no direct room with \(channel.channelID)") }
        let content = renderer.content(message, inThreadOf: threadRef, idempotencyKey: idempotencyKey)
        return try await send(content, to: room, transactionID: Self.transactionID("post", idempotencyKey))
    }

    /// Matrix shows every message in a room to everyone in it, so a private answer goes to the person's direct room.
    public func postPrivately(
        _ message: ChatMessage, to user: ChatUserID, in channel: ChatChannel, inThreadOf threadRef: String?
    ) async throws(DeliveryFailure) -> String {
        guard let room = try await directRoom(with: user.rawValue, creating: true) else { throw .temporary("no direct room with \(user)") }
        return try await send(
            renderer.content(message, inThreadOf: nil, idempotencyKey: nil), to: room, transactionID: "private.\(UUID().uuidString)")
    }

    public func update(_ messageRef: String, in channel: ChatChannel, with message: ChatMessage) async throws(DeliveryFailure) {
        guard let room = try await roomID(of: channel, creating: false) else { throw .permanent("no direct room to edit in") }
        // A new transaction each time: an edit sent twice changes nothing, while one that reused an earlier edit's id
        // (the card back to an earlier state) would be answered with that earlier event and not be shown.
        _ = try await send(renderer.edit(of: messageRef, with: message), to: room, transactionID: "unhurried.edit.\(UUID().uuidString)")
    }

    /// Reads the room's messages from the bot, newest first, back to a minute before `since`, and returns the event
    /// that carries `idempotencyKey`.
    public func findPost(
        idempotencyKey: String, in channel: ChatChannel, inThreadOf threadRef: String?, since: Date
    ) async throws(DeliveryFailure) -> String? {
        guard let room = try await roomID(of: channel, creating: false) else { return nil }
        let filter = JSONValue.object([("senders", [.string(bot.rawValue)]), ("types", ["m.room.message"])])
        let oldest = Int64((since.timeIntervalSince1970 - 60) * 1000)
        var from: String?
        for _ in 0..<Self.historyPages {
            var query = [("dir", "b"), ("limit", "100"), ("filter", String(decoding: filter.encoded(), as: UTF8.self))]
            if let from { query.append(("from", from)) }
            let page = try await api.call("GET", ["v3", "rooms", room, "messages"], query: query, answer: MatrixMessagesPage.self)
            let events = page?.chunk ?? []
            for event in events where event.content?[MatrixMessageRenderer.idempotencyKeyField]?.stringValue == idempotencyKey {
                return event.eventID
            }
            let reachedOldest = events.contains { $0.originServerTS.map { $0 < oldest } ?? false }
            guard !reachedOldest, !events.isEmpty, let end = page?.end else { return nil }
            from = end
        }
        return nil
    }

    /// The event as posts are addressed: in the bot's direct room with its author, a reply or ✅ is about a post made to
    /// them by their user id (the scheduler's direct reminders), so the event names them as the conversation.
    public func addressingDirectRoom(_ event: ChatEvent) async -> ChatEvent {
        switch event {
        case .threadReply(let channel, let parentRef, let user, let text):
            guard let direct = await directChannel(channel, with: user) else { return event }
            return .threadReply(channel: direct, parentRef: parentRef, user: user, text: text)
        case .doneReaction(let channel, let messageRef, let user):
            guard let direct = await directChannel(channel, with: user) else { return event }
            return .doneReaction(channel: direct, messageRef: messageRef, user: user)
        case .joined(let channel, let user):
            // Joining the direct room the bot opened with them: a conversation with the bot, not a channel to welcome to.
            guard let direct = await directChannel(channel, with: user) else { return event }
            return .joined(channel: direct, user: user)
        case .mention, .directMessage, .reaction:
            return event
        }
    }

    private func directChannel(_ channel: ChatChannel, with user: ChatUserID) async -> ChatChannel? {
        guard let room = try? await directRoom(with: user.rawValue, creating: false), room == channel.channelID else { return nil }
        return ChatChannel(platform: channel.platform, workspaceID: channel.workspaceID, channelID: user.rawValue)
    }

    /// Joins a room the bot was invited to.
    public func join(_ roomID: String) async throws(DeliveryFailure) {
        try await api.call("POST", ["v3", "rooms", roomID, "join"], body: [:], answer: JSONValue.self)
    }

    /// A lookup reads at most this many pages of 100 events.
    static let historyPages = 10

    /// Transaction ids are path segments; a digest of the key keeps them short and free of `:` and `/`.
    static func transactionID(_ kind: String, _ key: String) -> String {
        "unhurried.\(kind).\(Hex.string(SHA256.hash(data: Data(key.utf8))))"
    }

    private func send(_ content: JSONValue, to room: String, transactionID: String) async throws(DeliveryFailure) -> String {
        let sent = try await api.call(
            "PUT", ["v3", "rooms", room, "send", "m.room.message", transactionID], body: content, answer: MatrixSentEvent.self)
        guard let sent else { throw .temporary("send answered without an event_id") }
        return sent.eventID
    }

    /// The room a channel names: a room id as it is, a user id through the direct room with them.
    private func roomID(of channel: ChatChannel, creating: Bool) async throws(DeliveryFailure) -> String? {
        channel.channelID.hasPrefix("@") ? try await directRoom(with: channel.channelID, creating: creating) : channel.channelID
    }

    /// The bot's direct room with `user`: remembered, else the newest one in the bot's `m.direct` account data, else
    /// (when `creating`) a new private room the person is invited to, recorded in `m.direct` so clients show it as
    /// a direct chat and later lookups — by any replica — find it.
    private func directRoom(with user: String, creating: Bool) async throws(DeliveryFailure) -> String? {
        do {
            return try await directRooms.room(for: user, creating: creating) { try await lookUpDirectRoom(with: user, creating: creating) }
        } catch let failure as DeliveryFailure {
            throw failure
        } catch {
            throw .temporary("\(error)")
        }
    }

    private func lookUpDirectRoom(with user: String, creating: Bool) async throws(DeliveryFailure) -> String? {
        let accountData = ["v3", "user", bot.rawValue, "account_data", "m.direct"]
        var direct: [String: [String]] = [:]
        do {
            direct = try await api.call("GET", accountData, answer: MatrixDirectRooms.self)?.rooms ?? [:]
        } catch DeliveryFailure.permanent {
            // 404 M_NOT_FOUND: the bot has no direct rooms yet.
        }
        if let room = direct[user]?.last { return room }
        guard creating else { return nil }
        let created = try await api.call("POST", ["v3", "createRoom"], body: [
            "is_direct": true, "invite": [.string(user)], "preset": "trusted_private_chat",
        ], answer: MatrixCreatedRoom.self)
        guard let room = created?.roomID else { throw .temporary("createRoom answered without a room_id") }
        direct[user, default: []].append(room)
        // Without the record the room still works; a later lookup would make another one.
        _ = try? await api.call(
            "PUT", accountData, body: .object(direct.map { ($0, .array($1.map(JSONValue.string))) }), answer: JSONValue.self)
        return room
    }
}

/// The bot's direct rooms found or made so far. One lookup per person (and purpose) runs at a time, so two posts to
/// someone new do not each make a room, and a lookup that may not make one is not taken for one that may. That a
/// person has none is remembered for a minute: every reply and reaction in a room asks, and most people have none.
private actor DirectRooms {
    private var known: [String: String] = [:]
    private var noneSince: [String: ContinuousClock.Instant] = [:]
    private var pending: [String: Task<String?, any Error>] = [:]

    /// How long "no direct room" stands before the bot's `m.direct` is read again (another replica may have made one).
    static let absenceLifetime = Duration.seconds(60)

    func room(for user: String, creating: Bool, lookUp: @escaping @Sendable () async throws -> String?) async throws -> String? {
        if let room = known[user] { return room }
        if !creating, let since = noneSince[user], ContinuousClock.now - since < Self.absenceLifetime { return nil }
        let key = "\(creating) \(user)"
        if let task = pending[key] { return try await task.value }
        let task = Task { () async throws -> String? in try await lookUp() }
        pending[key] = task
        defer { pending[key] = nil }
        let room = try await task.value
        if let room {
            known[user] = room
            noneSince[user] = nil
        } else {
            if noneSince.count > 10_000 { noneSince.removeAll() }
            noneSince[user] = .now
        }
        return room
    }
}
