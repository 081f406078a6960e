import SQLiteNIO

import UnhurriedCore

/// Serialises every write on one connection and commits concurrent writes together (group commit): one
/// transaction and one fsync cover every write that arrived while the previous commit was running, so many
/// concurrent requests each wait for durable storage without queueing behind a commit apiece.
///
/// New items, the hot path, are inserted together in a few multi-row statements. Other writes run one by
/// one inside their own savepoint, so one failing write rolls back alone.
actor SQLiteWriter {
    /// What a finished write does once its batch's commit has succeeded or failed.
    private typealias Completion = @Sendable (Result<Void, any Error>) -> Void

    private struct Job {
        /// Runs the write; `succeeded` is false when it threw and its savepoint must be rolled back.
        let run: @Sendable (SQLiteConnection) async -> (succeeded: Bool, completion: Completion)
        /// Fails the write without running it, when its batch could not even start.
        let fail: @Sendable (any Error) -> Void
    }

    private let connection: SQLiteConnection
    private var pending: [Job] = []
    private var pendingItems: [(item: NewItem, continuation: CheckedContinuation<Int64, any Error>)] = []
    private var isDraining = false

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    func write<Value: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) async throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Job(
                run: { connection in
                    do {
                        let value = try await work(connection)
                        return (true, { commit in continuation.resume(with: commit.map { value }) })
                    } catch {
                        return (false, { _ in continuation.resume(throwing: error) })
                    }
                },
                fail: { error in continuation.resume(throwing: error) }
            ))
            startDraining()
        }
    }

    /// Stores a new item with its assignments, `created` event and card post; returns its id once committed.
    func insert(_ item: NewItem) async throws -> Int64 {
        try await withCheckedThrowingContinuation { continuation in
            pendingItems.append((item, continuation))
            startDraining()
        }
    }

    /// At most one drain runs at a time and it ends as soon as the queue is empty, so this task is bounded by
    /// the writes callers are already awaiting; it needs no owner beyond the actor.
    private func startDraining() {
        guard !isDraining else { return }
        isDraining = true
        Task { await self.drain() }
    }

    private func drain() async {
        while !pending.isEmpty || !pendingItems.isEmpty {
            let batch = pending
            let items = pendingItems
            pending.removeAll()
            pendingItems.removeAll()
            var itemIDs: [Int64] = []
            var completions: [Completion] = []
            let commit: Result<Void, any Error>
            do {
                _ = try await connection.query("BEGIN IMMEDIATE")
                if !items.isEmpty { itemIDs = try await SQLiteItemInsert.insert(items.map(\.item), on: connection) }
                for job in batch {
                    _ = try await connection.query("SAVEPOINT job")
                    let outcome = await job.run(connection)
                    if !outcome.succeeded { _ = try await connection.query("ROLLBACK TO job") }
                    _ = try await connection.query("RELEASE job")
                    completions.append(outcome.completion)
                }
                _ = try await connection.query("COMMIT")
                commit = .success(())
            } catch {
                _ = try? await connection.query("ROLLBACK")
                commit = .failure(error)
            }
            for completion in completions { completion(commit) }
            switch commit {
            case .success:
                for (entry, id) in zip(items, itemIDs) { entry.continuation.resume(returning: id) }
            case .failure(let error):
                for job in batch.dropFirst(completions.count) { job.fail(error) }
                for entry in items { entry.continuation.resume(throwing: error) }
            }
        }
        isDraining = false
    }
}
