import ServiceLifecycle

/// The store as a service of `serve`'s group: it runs while the group runs and is closed on graceful shutdown.
/// Listed first, it starts before and stops after the services that use it.
public struct StoreService: Service {
    private let store: any ClosableStore

    public init(_ store: any ClosableStore) {
        self.store = store
    }

    public func run() async throws {
        await store.run()
        // A store with nothing to run returned at once; it stays open until the group shuts down.
        try? await gracefulShutdown()
        try await store.close()
    }
}

/// Runs `body` with `store` while the store runs beside it, then closes the store, however `body` ends: the
/// lifecycle of a command that opens the store for one piece of work.
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
