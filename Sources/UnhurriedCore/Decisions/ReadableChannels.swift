import Foundation
import Synchronization

/// Which of a workspace's channels with decisions a person may read: every public channel, and the private ones they
/// are a member of, as the platform says with the bot's credentials. A channel the platform could not answer for is
/// left out: a private channel's decisions never reach anyone outside it. Answers are remembered briefly: whether a
/// channel is public for ten minutes, whether someone is in one for a minute, so a few searches in a row ask once.
final class ReadableChannels: Sendable {
    /// What a search may read.
    struct Readable: Equatable, Sendable {
        var channelIDs: Set<String>
        /// Channels the platform could not answer for this time, left out.
        var unchecked: Int
        /// The platform cannot tell who is in a channel: only the channel the person typed in is searched.
        var onlyThisChannel: Bool
    }

    static let membershipMemory: TimeInterval = 60
    static let visibilityMemory: TimeInterval = 600
    /// Lookups in flight at once: a workspace with hundreds of channels with decisions would otherwise meet the
    /// platform's rate limit on the first search, and those channels would be left out.
    static let concurrentLookups = 8

    private let directories: [String: any ChannelDirectory]
    private let answers = Mutex<[String: (answer: Bool, at: Date)]>([:])

    init(directories: [String: any ChannelDirectory]) {
        self.directories = directories
    }

    /// The channels among `candidates` that `user`, typing in `channel`, may read; `channel` itself always, as they
    /// are in it.
    func readable(by user: ChatUserID, typingIn channel: ChatChannel, among candidates: Set<String>, now: Date) async -> Readable {
        guard let directory = directories[channel.platform] else {
            return Readable(channelIDs: [channel.channelID], unchecked: 0, onlyThisChannel: true)
        }
        let others = candidates.subtracting([channel.channelID])
        let checked = await withTaskGroup(of: (String, Bool?).self) { group in
            var waiting = others.sorted()[...]
            func lookUpNext() {
                guard let id = waiting.popFirst() else { return }
                let other = ChatChannel(platform: channel.platform, workspaceID: channel.workspaceID, channelID: id)
                group.addTask { (id, await self.mayRead(other, user: user, directory: directory, now: now)) }
            }
            for _ in 0..<Self.concurrentLookups { lookUpNext() }
            var answers: [String: Bool?] = [:]
            while let (id, answer) = await group.next() {
                answers[id] = answer
                lookUpNext()
            }
            return answers
        }
        let readable = Set(checked.compactMap { $0.value == true ? $0.key : nil })
        return Readable(
            channelIDs: readable.union([channel.channelID]), unchecked: checked.values.count { $0 == nil }, onlyThisChannel: false)
    }

    /// Nil when the platform could not say.
    private func mayRead(_ channel: ChatChannel, user: ChatUserID, directory: any ChannelDirectory, now: Date) async -> Bool? {
        let place = "\(channel.platform)/\(channel.workspaceID)/\(channel.channelID)"
        guard let isPublic = await remembered("public:\(place)", for: Self.visibilityMemory, now: now, ask: { try await directory.isPublic(channel) })
        else { return nil }
        if isPublic { return true }
        return await remembered("member:\(place)/\(user.rawValue)", for: Self.membershipMemory, now: now) {
            try await directory.isMember(user, of: channel)
        }
    }

    /// The answer remembered under `key` while fresh, or asked anew; a failure is not remembered, so the next search
    /// asks again.
    private func remembered(_ key: String, for memory: TimeInterval, now: Date, ask: () async throws -> Bool) async -> Bool? {
        if let kept = answers.withLock({ $0[key] }), now.timeIntervalSince(kept.at) < memory, now >= kept.at { return kept.answer }
        guard let answer = try? await ask() else { return nil }
        answers.withLock { answers in
            if answers.count > 10_000 { answers = answers.filter { now.timeIntervalSince($0.value.at) < Self.visibilityMemory } }
            answers[key] = (answer, now)
        }
        return answer
    }
}
