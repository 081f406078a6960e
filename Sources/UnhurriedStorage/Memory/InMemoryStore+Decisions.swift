import Foundation
import UnhurriedCore

extension InMemoryStore {
    /// Matches as the SQL stores' full-text indexes do: a text's words are its runs of letters and digits in any case,
    /// so whatever people type is only text to look for; each typed word matches where its words occur together, and
    /// any typed word may match. Ranked by how many times the typed words occur, then newest first: simpler than
    /// BM25, and agreeing with it that a decision about a thing ranks above one mentioning it in passing.
    public func searchDecisions(
        matching words: [String], inChannels channelIDs: Set<String>, of workspace: WorkspaceRef, limit: Int
    ) async throws -> [Item] {
        let phrases = StoredRows.searchWords(words).map(searchTokens)
        return try transaction { database in
            let newestFirst = database.items.reversed().map(\.item)
                .filter { $0.kind == .decision && $0.channel.workspace == workspace && channelIDs.contains($0.channel.channelID) }
            guard !phrases.isEmpty else { return Array(newestFirst.prefix(max(0, limit))) }
            return newestFirst
                .map { decision in
                    let tokens = searchTokens(decision.request)
                    return (decision: decision, matches: phrases.reduce(0) { $0 + occurrences(of: $1, in: tokens) })
                }
                .filter { $0.matches > 0 }
                .sorted { $0.matches > $1.matches }
                .prefix(max(0, limit))
                .map(\.decision)
        }
    }
}

extension InMemoryStore {
    public func channelsWithDecisions(in workspace: WorkspaceRef) async throws -> Set<String> {
        try transaction { database in
            Set(database.items.map(\.item).filter { $0.kind == .decision && $0.channel.workspace == workspace }.map(\.channel.channelID))
        }
    }
}

func searchTokens(_ text: String) -> [String] {
    text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
}

func occurrences(of phrase: [String], in tokens: [String]) -> Int {
    guard !phrase.isEmpty, phrase.count <= tokens.count else { return 0 }
    return (0...(tokens.count - phrase.count)).count(where: { tokens[$0..<($0 + phrase.count)].elementsEqual(phrase) })
}
