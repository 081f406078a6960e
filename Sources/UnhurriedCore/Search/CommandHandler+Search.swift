import Foundation

extension CommandHandler {
    /// The most asks and pre-reads one search answers with; `show <id>` has each whole.
    static let searchMatches = 10

    /// `/search words`: the asks and pre-reads of every channel the person may read, found by their words or the replies
    /// kept with them, checked with the platform on each search as `/decisions` is.
    func searchItems(matching words: [String], for speaker: ChatUserID, typingIn channel: ChatChannel, now: Date) async throws -> ChatMessage {
        let result = try await searchReadableChannels(
            for: speaker, typingIn: channel, now: now, candidates: { try await store.channelsWithAsks(in: channel.workspace) },
            search: { try await store.searchItems(matching: words, inChannels: $0, of: channel.workspace, limit: Self.searchMatches) })
        return MessageComposer.searchResults(result.found, matching: words, cards: result.cards, searched: result.searched)
    }

    /// What `search` finds among the channels of `candidates` that the person may read — a private channel's items stay
    /// in it — with the message each found item's card was posted as.
    func searchReadableChannels(
        for speaker: ChatUserID, typingIn channel: ChatChannel, now: Date,
        candidates: () async throws -> Set<String>, search: (Set<String>) async throws -> [Item]
    ) async throws -> (found: [Item], cards: [ItemID: String], searched: ReadableChannels.Readable) {
        let readable = await readableChannels.readable(by: speaker, typingIn: channel, among: try await candidates(), now: now)
        let found = try await search(readable.channelIDs)
        var cards: [ItemID: String] = [:]
        for item in found {
            cards[item.id] = try await store.post(withKey: .card(of: item.id))?.messageRef
        }
        return (found, cards, readable)
    }
}
