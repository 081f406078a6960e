/// The team's decision log, searched by words.
public protocol DecisionLog: Sendable {
    /// The decisions of the channels `channelIDs` of `workspace` that best match any of `words` (full-text, best
    /// first), or the latest when there are no words; at most `limit`.
    func searchDecisions(matching words: [String], inChannels channelIDs: Set<String>, of workspace: WorkspaceRef, limit: Int) async throws -> [Item]
    /// The channels of `workspace` that have decisions: the ones a search beyond one channel has to check.
    func channelsWithDecisions(in workspace: WorkspaceRef) async throws -> Set<String>
}
