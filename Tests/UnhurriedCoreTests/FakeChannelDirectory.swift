import Synchronization
import UnhurriedCore

/// A platform's channels as a test sets them: which are public, who is in each, and which cannot be asked now.
final class FakeChannelDirectory: ChannelDirectory {
    struct Unreachable: Error {}

    let publicChannels: Set<String>
    let members: [String: Set<ChatUserID>]
    let down = Mutex<Set<String>>([])
    /// Every question asked, to tell an answer remembered from one asked again.
    let questions = Mutex<[String]>([])

    init(publicChannels: Set<String>, members: [String: Set<ChatUserID>]) {
        self.publicChannels = publicChannels
        self.members = members
    }

    func isPublic(_ channel: ChatChannel) async throws -> Bool {
        questions.withLock { $0.append("public \(channel.channelID)") }
        if down.withLock({ $0.contains(channel.channelID) }) { throw Unreachable() }
        return publicChannels.contains(channel.channelID)
    }

    func isMember(_ user: ChatUserID, of channel: ChatChannel) async throws -> Bool {
        questions.withLock { $0.append("member \(user) \(channel.channelID)") }
        if down.withLock({ $0.contains(channel.channelID) }) { throw Unreachable() }
        return members[channel.channelID]?.contains(user) == true
    }
}
