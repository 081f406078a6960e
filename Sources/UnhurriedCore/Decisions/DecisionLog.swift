/// The team's decision log, searched by words.
public protocol DecisionLog: Sendable {
    /// The channel's decisions that best match any of `words` (full-text, best first), or the latest when there are
    /// no words; at most `limit`.
    func searchDecisions(matching words: [String], in channel: ChatChannel, limit: Int) async throws -> [Item]
}
