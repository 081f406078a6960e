/// Asks and pre-reads found by their words, or by the words of the replies kept with them.
public protocol ItemSearch: Sendable {
    /// The asks and pre-reads of the channels `channelIDs` of `workspace` whose text or kept replies best match any of
    /// `words` (full-text, best first); at most `limit`.
    func searchItems(matching words: [String], inChannels channelIDs: Set<String>, of workspace: WorkspaceRef, limit: Int) async throws -> [Item]
    /// The channels of `workspace` that have asks or pre-reads: the ones a search beyond one channel has to check.
    func channelsWithAsks(in workspace: WorkspaceRef) async throws -> Set<String>
}
