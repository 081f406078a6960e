import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Reads back a post someone reacted to (`GET /api/v4/posts/{id}`). A post's text writes mentions as `@username`, and
/// only slash commands come with them resolved, so the names it may mention are looked up in one call
/// (`POST /api/v4/users/usernames`); a word that names nobody stays a word.
extension MattermostClient: MessageReader {
    public func message(_ messageRef: String, in channel: ChatChannel) async throws(DeliveryFailure) -> TrackedMessage? {
        let post: MattermostPostText?
        do {
            post = try await api.call("GET", "posts/\(FormBody.percentEncoded(messageRef))", answer: MattermostPostText.self)
        } catch .permanent {
            // Deleted, or in a channel the bot cannot read: nothing to track.
            return nil
        }
        guard let post else { return nil }
        let text = post.message ?? ""
        let names = MattermostText.mentionedUsernames(in: text)
        var mentions: [String: ChatUserID] = [:]
        if !names.isEmpty {
            let users = try await api.call("POST", "users/usernames", body: .array(names.map(JSONValue.string)), answer: [MattermostNamedUser].self)
            for user in users ?? [] { mentions[user.username.lowercased()] = ChatUserID(user.id) }
        }
        let root = post.rootID.flatMap { $0.isEmpty ? nil : $0 }
        return TrackedMessage(tokens: MattermostText.tokens(from: text, mentions: mentions), threadRef: root)
            .withoutMentioning(ChatUserID(try await botID()))
    }
}

/// What a post read back gives: its text and the thread it is in.
struct MattermostPostText: Decodable {
    @Readable var message: String?
    /// The thread's first post; empty for a post that starts a thread.
    @Readable var rootID: String?

    private enum CodingKeys: String, CodingKey {
        case message, rootID = "root_id"
    }
}

/// A person `users/usernames` found.
struct MattermostNamedUser: Decodable {
    let id: String
    let username: String
}
