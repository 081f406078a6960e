import Foundation

extension CommandHandler {
    /// `/decisions [words]`: the log of every channel the person may read — the public ones and the private ones
    /// they are in — checked with the platform on each search, so a private channel's decisions stay in it.
    func searchDecisions(matching words: [String], for speaker: ChatUserID, typingIn channel: ChatChannel, now: Date) async throws -> ChatMessage {
        let result = try await searchReadableChannels(
            for: speaker, typingIn: channel, now: now, candidates: { try await store.channelsWithDecisions(in: channel.workspace) },
            search: { try await store.searchDecisions(matching: words, inChannels: $0, of: channel.workspace, limit: Self.decisionMatches) })
        return MessageComposer.decisions(result.found, matching: words, cards: result.cards, searched: result.searched)
    }
}
