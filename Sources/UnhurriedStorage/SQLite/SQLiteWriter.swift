import Synchronization
import UnhurriedCore

/// Serialises every write on one connection and commits concurrent writes together (group commit): one
/// transaction and one fsync cover every write that arrived while the previous commit was running, so many
/// concurrent requests each wait for durable storage without queueing behind a commit apiece.
///
/// New items, the hot path, are inserted together in a few multi-row statements. Other writes run one by
/// one, each inside its own savepoint when it shares the batch, so one failing write rolls back alone. A whole
/// batch is one visit to the connection's thread, however many statements it runs.
///
/// Batches follow one another on the connection's thread: once one is committed and its writers resumed, the thread
/// takes the next itself. Taking it from Swift's concurrency pool instead made it wait there behind the very requests
/// that were queuing writes, and under load the writer's thread stood idle between commits.
final class SQLiteWriter: Sendable {
    /// What a finished write does once its batch's commit has succeeded or failed.
    private typealias Completion = @Sendable (Result<Void, any Error>) -> Void

    /// A new item and the caller waiting for its id.
    private typealias NewItemWrite = (item: NewItem, continuation: CheckedContinuation<Int64, any Error>)

    private struct Job {
        /// Runs the write; `failure` is what it threw, when its savepoint must be rolled back.
        let run: @Sendable (SQLiteDatabase) -> (failure: (any Error)?, completion: Completion)
        /// Fails the write without running it, when its batch could not even start.
        let fail: @Sendable (any Error) -> Void
    }

    private struct Queue {
        var jobs: [Job] = []
        var items: [NewItemWrite] = []
        /// Whether a batch is handed to the connection's thread; the batch clears it when it leaves nothing queued.
        var isDraining = false

        var isEmpty: Bool { jobs.isEmpty && items.isEmpty }

        /// Everything queued, leaving the queue empty (and `isDraining` as it was).
        mutating func takeWrites() -> (jobs: [Job], items: [NewItemWrite]) {
            defer { jobs.removeAll(); items.removeAll() }
            return (jobs, items)
        }
    }

    private let connection: SQLiteConnection
    private let queue = Mutex(Queue())

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    func write<Value: Sendable>(_ work: @escaping @Sendable (SQLiteDatabase) throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            enqueue { $0.jobs.append(Job(
                run: { database in
                    do {
                        let value = try work(database)
                        return (nil, { commit in continuation.resume(with: commit.map { value }) })
                    } catch {
                        return (error, { _ in continuation.resume(throwing: error) })
                    }
                },
                fail: { error in continuation.resume(throwing: error) }
            )) }
        }
    }

    /// Stores a new item with its assignments, `created` event and card post; returns its id once committed.
    func insert(_ item: NewItem) async throws -> Int64 {
        try await withCheckedThrowingContinuation { continuation in
            enqueue { $0.items.append((item, continuation)) }
        }
    }

    private func enqueue(_ add: (inout Queue) -> Void) {
        let startsBatch = queue.withLock { queue in
            add(&queue)
            let wasIdle = !queue.isDraining
            queue.isDraining = true
            return wasIdle
        }
        if startsBatch { handOverBatch() }
    }

    /// The next batch goes behind whatever else the connection's thread was handed meanwhile.
    private func handOverBatch() {
        connection.submit({ database in self.commitBatch(on: database) }, refused: { error in self.failQueued(error) })
    }

    private func commitBatch(on database: SQLiteDatabase) {
        let (batch, items) = queue.withLock { $0.takeWrites() }
        let outcome = Self.commit(batch, inserting: items.map(\.item), on: database)
        for completion in outcome.completions { completion(outcome.commit) }
        switch outcome.commit {
        case .success:
            for (entry, id) in zip(items, outcome.itemIDs) { entry.continuation.resume(returning: id) }
        case .failure(let error):
            Self.fail(batch.dropFirst(outcome.completions.count), items, with: error)
        }
        let continues = queue.withLock { queue in
            queue.isDraining = !queue.isEmpty
            return queue.isDraining
        }
        if continues { handOverBatch() }
    }

    /// When the connection is closed: every queued write fails without running.
    private func failQueued(_ error: any Error) {
        let (jobs, items) = queue.withLock { queue in
            queue.isDraining = false
            return queue.takeWrites()
        }
        Self.fail(jobs[...], items, with: error)
    }

    /// Fails writes that did not run, or whose batch was not committed.
    private static func fail(
        _ jobs: ArraySlice<Job>, _ items: [NewItemWrite], with error: any Error
    ) {
        for job in jobs { job.fail(error) }
        for entry in items { entry.continuation.resume(throwing: error) }
    }

    private struct BatchOutcome {
        let commit: Result<Void, any Error>
        let itemIDs: [Int64]
        /// Those of the jobs that ran; the rest never started.
        let completions: [Completion]
    }

    /// Runs a batch as one transaction on the connection's thread.
    private static func commit(_ batch: [Job], inserting items: [NewItem], on database: SQLiteDatabase) -> BatchOutcome {
        var itemIDs: [Int64] = []
        var completions: [Completion] = []
        do {
            try database.query("BEGIN IMMEDIATE")
            if !items.isEmpty { itemIDs = try SQLiteItemInsert.insert(items, on: database) }
            // A write alone in its batch needs no savepoint of its own: when it fails, the transaction is rolled back.
            let isolated = batch.count > 1 || !items.isEmpty
            for job in batch {
                if isolated { try database.query("SAVEPOINT job") }
                let outcome = job.run(database)
                if let failure = outcome.failure {
                    // Some failures (a full disk, an I/O error) end the whole transaction; the batch then fails for
                    // the job's reason rather than for the savepoint that went with it.
                    guard isolated, database.isInTransaction else { throw failure }
                    try database.query("ROLLBACK TO job")
                }
                if isolated { try database.query("RELEASE job") }
                completions.append(outcome.completion)
            }
            try database.query("COMMIT")
            return BatchOutcome(commit: .success(()), itemIDs: itemIDs, completions: completions)
        } catch {
            _ = try? database.query("ROLLBACK")
            return BatchOutcome(commit: .failure(error), itemIDs: itemIDs, completions: completions)
        }
    }
}
