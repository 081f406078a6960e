import ChatPlatformKit
import Foundation
import Synchronization
import UnhurriedCore

/// Posts to Mattermost through its REST API as the bot, and reads people's profiles (their usernames for mentions,
/// their zones for deadlines) with one lookup each.
///
/// Mattermost ids do not say whether they name a channel or a person, and the scheduler addresses a direct message
/// by the person's id: the client asks once which it is (`GET /users/{id}`) and posts to a person in the bot's
/// direct channel with them. The same lookup gives the usernames mentions are written with.
public final class MattermostClient: ChatTransport, UserDirectory {
    let api: MattermostAPI
    public let renderer: MattermostMessageRenderer
    private let known = Mutex(Known())

    private struct Known {
        var users: [String: MattermostUser] = [:]
        var channels: Set<String> = []
        var directChannels: [String: String] = [:]
        var teams: [String: String] = [:]
        var botID: String?
    }

    public init(baseURL: URL, botToken: String, renderer: MattermostMessageRenderer, http: any OutboundHTTPClient) {
        api = MattermostAPI(baseURL: baseURL, botToken: botToken, http: http)
        self.renderer = renderer
    }

    public func post(
        _ message: ChatMessage, to channel: ChatChannel, inThreadOf threadRef: String?, idempotencyKey: String
    ) async throws(DeliveryFailure) -> String {
        let body = renderer.post(
            message, channelID: try await channelID(of: channel), rootID: threadRef, idempotencyKey: idempotencyKey,
            teamID: channel.workspaceID, names: try await names(in: message))
        return try await postID(try await api.call("POST", "posts", body: body, answer: MattermostEntity.self))
    }

    public func postPrivately(
        _ message: ChatMessage, to user: ChatUserID, in channel: ChatChannel, inThreadOf threadRef: String?
    ) async throws(DeliveryFailure) -> String {
        let post = renderer.post(
            message, channelID: try await channelID(of: channel), rootID: threadRef, idempotencyKey: nil, teamID: channel.workspaceID,
            names: try await names(in: message))
        return try await postID(
            try await api.call("POST", "posts/ephemeral", body: ["user_id": .string(user.rawValue), "post": post], answer: MattermostEntity.self))
    }

    public func update(_ messageRef: String, in channel: ChatChannel, with message: ChatMessage) async throws(DeliveryFailure) {
        try await api.call(
            "PUT", "posts/\(FormBody.percentEncoded(messageRef))/patch", body: renderer.patch(message, teamID: channel.workspaceID, names: try await names(in: message)),
            answer: JSONValue.self)
    }

    /// Reads the channel's posts since a minute before `since` (replies included) and returns the one that carries
    /// `idempotencyKey` in its properties.
    public func findPost(
        idempotencyKey: String, in channel: ChatChannel, inThreadOf threadRef: String?, since: Date
    ) async throws(DeliveryFailure) -> String? {
        let sinceMilliseconds = Int64((since.timeIntervalSince1970 - 60) * 1000)
        let list = try await api.call(
            "GET", "channels/\(FormBody.percentEncoded(try await channelID(of: channel)))/posts", query: [("since", String(sinceMilliseconds))], answer: MattermostPostList.self)
        return list?.posts?.first { _, post in
            post.props?[MattermostMessageRenderer.idempotencyKeyProperty]?.stringValue == idempotencyKey
        }?.key
    }

    /// The zone in the person's profile, read afresh (zones change; the answer is remembered by the caller). The profile
    /// read is kept, so the card that names them needs no second lookup.
    public func timeZone(of user: ChatUserID, in workspace: WorkspaceRef) async -> DirectoryAnswer {
        await withinTime(Self.answerTimeout) { () -> DirectoryAnswer in
            do {
                return try await self.user(user.rawValue, fresh: true).map { $0.timeZone.map(DirectoryAnswer.zone) ?? .noZone } ?? .noZone
            } catch {
                return .unavailable
            }
        } ?? .unavailable
    }

    /// The usernames of the people a message mentions, as far as they can be had within `timeout`: for answers
    /// rendered while a person waits, where a name that cannot be had shows as an id rather than delaying the answer.
    public func usernames(in message: ChatMessage, within timeout: Duration = .milliseconds(1500)) async -> [ChatUserID: String] {
        let users = message.namedUsers
        let looked = await withinTime(timeout) { try? await self.names(of: users) } ?? nil
        return looked ?? known.withLock { known in users.reduce(into: [:]) { $0[$1] = known.users[$1.rawValue]?.username } }
    }

    private func postID(_ answer: MattermostEntity?) async throws(DeliveryFailure) -> String {
        guard let answer else { throw .temporary("the post was answered without an id") }
        return answer.id
    }

    /// The usernames of the people a message mentions.
    private func names(in message: ChatMessage) async throws(DeliveryFailure) -> [ChatUserID: String] {
        try await names(of: message.namedUsers)
    }

    private func names(of users: Set<ChatUserID>) async throws(DeliveryFailure) -> [ChatUserID: String] {
        var names: [ChatUserID: String] = [:]
        for user in users {
            names[user] = try await self.user(user.rawValue)?.username
        }
        return names
    }

    /// The user with this id, or nil when the id names no user (it is a channel's): Mattermost answers 404 (or 400
    /// for an id of another kind). Any other refusal is a failure, not an answer.
    private func user(_ id: String, fresh: Bool = false) async throws(DeliveryFailure) -> MattermostUser? {
        if !fresh, let found = known.withLock({ $0.users[id] }) { return found }
        if !fresh, known.withLock({ $0.channels.contains(id) }) { return nil }
        let response = try await api.response("GET", "users/\(FormBody.percentEncoded(id))")
        switch response.status {
        case 200:
            guard let found = try? JSONDecoder().decode(MattermostUser.self, from: response.body) else {
                throw .temporary("GET users: answer without a username")
            }
            known.withLock { $0.users[id] = found }
            return found
        case 400, 404:
            known.withLock { _ = $0.channels.insert(id) }
            return nil
        default:
            throw api.failure(response, what: "GET users")
        }
    }

    /// The channel to post in: the channel itself, or for a person the bot's direct channel with them.
    private func channelID(of channel: ChatChannel) async throws(DeliveryFailure) -> String {
        let id = channel.channelID
        guard try await user(id) != nil else { return id }
        if let direct = known.withLock({ $0.directChannels[id] }) { return direct }
        let bot = try await botID()
        // Mattermost answers with the existing channel when there is one, so asking twice makes one channel.
        let answer = try await api.call("POST", "channels/direct", body: [.string(bot), .string(id)], answer: MattermostEntity.self)
        guard let direct = answer?.id else { throw .temporary("channels/direct answered without an id") }
        known.withLock { $0.directChannels[id] = direct }
        return direct
    }

    /// The team a channel belongs to; empty for direct and group messages, which belong to none.
    public func teamID(ofChannel channelID: String) async throws(DeliveryFailure) -> String {
        if let team = known.withLock({ $0.teams[channelID] }) { return team }
        let team = try await api.call("GET", "channels/\(FormBody.percentEncoded(channelID))", answer: MattermostChannel.self)?.teamID ?? ""
        known.withLock { $0.teams[channelID] = team }
        return team
    }

    /// The bot's own user id (`GET /users/me`), so its posts are told from people's.
    public func botID() async throws(DeliveryFailure) -> String {
        if let id = known.withLock({ $0.botID }) { return id }
        guard let id = try await api.call("GET", "users/me", answer: MattermostEntity.self)?.id else {
            throw .temporary("users/me answered without an id")
        }
        known.withLock { $0.botID = id }
        return id
    }
}
