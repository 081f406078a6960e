import Foundation
import UnhurriedCore

extension InMemoryStore {
    /// Matches as `searchDecisions` does, over an ask's or pre-read's title and text, which count twice, and every reply
    /// kept with it.
    public func searchItems(
        matching words: [String], inChannels channelIDs: Set<String>, of workspace: WorkspaceRef, limit: Int
    ) async throws -> [Item] {
        let phrases = StoredRows.searchWords(words).map(searchTokens)
        guard !phrases.isEmpty else { return [] }
        return try transaction { database in
            database.items.reversed()
                .filter { Self.isSearched($0.item) && $0.item.channel.workspace == workspace && channelIDs.contains($0.item.channel.channelID) }
                .map { stored in
                    func matches(in text: String) -> Int {
                        let tokens = searchTokens(text)
                        return phrases.reduce(0) { $0 + occurrences(of: $1, in: tokens) }
                    }
                    let own = matches(in: stored.item.meeting?.title ?? "") + matches(in: stored.item.request)
                    let matches = 2 * own + stored.events.compactMap(\.text).reduce(0) { $0 + matches(in: $1) }
                    return (item: stored.item, matches: matches)
                }
                .filter { $0.matches > 0 }
                .sorted { $0.matches > $1.matches }
                .prefix(max(0, limit))
                .map(\.item)
        }
    }

    public func channelsWithAsks(in workspace: WorkspaceRef) async throws -> Set<String> {
        try transaction { database in
            Set(database.items.map(\.item).filter { Self.isSearched($0) && $0.channel.workspace == workspace }.map(\.channel.channelID))
        }
    }

    private static func isSearched(_ item: Item) -> Bool {
        item.kind == .ask || item.kind == .preread
    }
}
