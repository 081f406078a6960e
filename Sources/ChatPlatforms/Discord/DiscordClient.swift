import ChatPlatformKit
import Foundation
import Synchronization
import UnhurriedCore

/// Posts to Discord through its REST API as the application's bot.
///
/// Discord's ids do not say whether they name a channel or a person, and the scheduler addresses a direct message by
/// the person's id: the client asks once which it is (`GET /users/{id}`, 404 for a channel's id) and posts to a person
/// in the bot's direct channel with them. Channels that interactions came from are known to be channels.
public final class DiscordClient: ChatTransport {
    let api: DiscordAPI
    private let known = Mutex(Known())

    private struct Known {
        var channels: Set<String> = []
        var directChannels: [String: String] = [:]
    }

    public init(baseURL: URL, botToken: String, http: any OutboundHTTPClient) {
        api = DiscordAPI(baseURL: baseURL, botToken: botToken, http: http)
    }

    public func post(
        _ message: ChatMessage, to channel: ChatChannel, inThreadOf threadRef: String?, idempotencyKey: String
    ) async throws(DeliveryFailure) -> String {
        let body = DiscordMessageRenderer.post(
            message, guildID: channel.workspaceID, nonce: DiscordMessageRenderer.nonce(of: idempotencyKey), replyingTo: threadRef)
        return try messageID(try await api.call("POST", "/channels/\(try await channelID(of: channel))/messages", body: body, answer: DiscordEntity.self))
    }

    /// Discord has no private message in a channel but the answer to an interaction, which Unhurried gives at once: a
    /// private answer later goes to the person's direct messages. It has no idempotency key to make a nonce of.
    public func postPrivately(
        _ message: ChatMessage, to user: ChatUserID, in channel: ChatChannel, inThreadOf threadRef: String?
    ) async throws(DeliveryFailure) -> String {
        let direct = ChatChannel(platform: channel.platform, workspaceID: channel.workspaceID, channelID: user.rawValue)
        var message = message
        message.callsPeopleNamed = false
        let body = DiscordMessageRenderer.post(message, guildID: channel.workspaceID, nonce: nil, replyingTo: nil)
        return try messageID(try await api.call("POST", "/channels/\(try await channelID(of: direct))/messages", body: body, answer: DiscordEntity.self))
    }

    public func update(_ messageRef: String, in channel: ChatChannel, with message: ChatMessage) async throws(DeliveryFailure) {
        guard DiscordText.isSnowflake(messageRef) else { throw .permanent("\(messageRef) is not a Discord message id") }
        try await api.call(
            "PATCH", "/channels/\(try await channelID(of: channel))/messages/\(messageRef)",
            body: DiscordMessageRenderer.edit(message, guildID: channel.workspaceID), answer: DiscordEntity.self)
    }

    /// Edits a command's deferred answer in, with the interaction's token (valid for fifteen minutes).
    func editAnswer(applicationID: String, token: String, with message: ChatMessage) async throws(DeliveryFailure) {
        try await api.call(
            "PATCH", "/webhooks/\(applicationID)/\(FormBody.percentEncoded(token))/messages/@original",
            body: DiscordMessageRenderer.answerEdit(message), answer: DiscordEntity.self)
    }

    /// Discord's reads do not show the nonce a message was posted with. None is looked for: the post made again after
    /// an unknown outcome carries the same enforced nonce, and Discord answers it with the message it made the first
    /// time, if that was within the last few minutes.
    public func findPost(
        idempotencyKey: String, in channel: ChatChannel, inThreadOf threadRef: String?, since: Date
    ) async throws(DeliveryFailure) -> String? {
        nil
    }

    /// A channel an interaction came from, which needs no lookup to be told from a person.
    func remember(channel id: String) {
        _ = known.withLock { $0.channels.insert(id) }
    }

    private func messageID(_ answer: DiscordEntity?) throws(DeliveryFailure) -> String {
        guard let answer else { throw .temporary("the message was answered without an id") }
        return answer.id
    }

    /// The channel to post in: the channel itself, or for a person the bot's direct channel with them.
    private func channelID(of channel: ChatChannel) async throws(DeliveryFailure) -> String {
        let id = channel.channelID
        guard DiscordText.isSnowflake(id) else { throw .permanent("\(id) is not a Discord channel or user id") }
        if let found = known.withLock({ $0.channels.contains(id) ? id : $0.directChannels[id] }) { return found }
        let response = try await api.response("GET", "/users/\(id)")
        switch response.status {
        case 200:
            // Discord answers with the existing direct channel when there is one, so asking twice makes one channel.
            let answer = try await api.call("POST", "/users/@me/channels", body: ["recipient_id": .string(id)], answer: DiscordEntity.self)
            guard let direct = answer?.id else { throw .temporary("POST /users/@me/channels answered without an id") }
            known.withLock { $0.directChannels[id] = direct }
            return direct
        case 404:
            remember(channel: id)
            return id
        default:
            throw api.failure(response, what: "GET /users/{id}")
        }
    }
}
