/// Runs `body` with `store` while the store runs beside it, then closes the store, however `body` ends: the
/// lifecycle of each command's store, `serve`'s (around its server and workers) included.
public func withRunningStore<Result>(_ store: any ClosableStore, _ body: (any ClosableStore) async throws -> Result) async throws -> Result {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await store.run() }
        let result: Result
        do {
            result = try await body(store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
        try await group.waitForAll()
        return result
    }
}
