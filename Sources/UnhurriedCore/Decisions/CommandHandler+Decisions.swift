import Foundation

extension CommandHandler {
    /// `/decisions [words]`: the log of every channel the person may read — the public ones and the private ones
    /// they are in — checked with the platform on each search, so a private channel's decisions stay in it.
    func searchDecisions(matching words: [String], for speaker: ChatUserID, typingIn channel: ChatChannel, now: Date) async throws -> ChatMessage {
        let workspace = channel.workspace
        let candidates = try await store.channelsWithDecisions(in: workspace)
        let readable = await readableChannels.readable(by: speaker, typingIn: channel, among: candidates, now: now)
        let found = try await store.searchDecisions(matching: words, inChannels: readable.channelIDs, of: workspace, limit: Self.decisionMatches)
        var cards: [ItemID: String] = [:]
        for decision in found {
            cards[decision.id] = try await store.post(withKey: .card(of: decision.id))?.messageRef
        }
        return MessageComposer.decisions(found, matching: words, cards: cards, searched: readable)
    }
}
