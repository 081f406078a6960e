/// A platform's answers about channels, asked with the bot's own credentials: whether a channel is open to everyone
/// in the workspace, and who is in one. A search beyond the channel a person types in reads only the channels they
/// may read.
public protocol ChannelDirectory: Sendable {
    /// Whether everyone in the workspace may read `channel` (a public channel, a room anyone may join), rather than
    /// only its members. Throws when the platform could not say.
    func isPublic(_ channel: ChatChannel) async throws -> Bool
    /// Whether `user` is a member of `channel` now. Throws when the platform could not say.
    func isMember(_ user: ChatUserID, of channel: ChatChannel) async throws -> Bool
}
