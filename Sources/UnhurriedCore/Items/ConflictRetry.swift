/// An item is written only if nobody changed it since it was read (its version). A change that lost that race reads
/// the item again and starts over; each loss means another change landed, so this many people acting on one item at
/// the same instant all get through.
public enum ConflictRetry {
    public static let attempts = 20

    /// The first result `attempt` gives; `attempt` returns nil when it lost the race. Nil when it lost every time.
    public static func run<Result>(_ attempt: () async throws -> Result?) async rethrows -> Result? {
        for _ in 0..<attempts {
            if let result = try await attempt() { return result }
        }
        return nil
    }
}
