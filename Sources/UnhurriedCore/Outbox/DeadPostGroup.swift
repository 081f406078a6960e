/// The dead posts that failed last with one error: how many there are, and the newest few of them.
public struct DeadPostGroup: Sendable, Equatable {
    /// Nil for posts parked without an error recorded.
    public var lastError: String?
    public var count: Int
    /// Newest first.
    public var newest: [OutboxPost]

    public init(lastError: String?, count: Int, newest: [OutboxPost]) {
        self.lastError = lastError
        self.count = count
        self.newest = newest
    }
}
