import Foundation
import UnhurriedCore

extension InMemoryStore {
    public func claimDuePosts(at now: Date, platforms: Set<String>, limit: Int, leaseUntil: Date) async throws -> [OutboxPost] {
        let (now, leaseUntil) = (now.storedInstant, leaseUntil.storedInstant)
        return try transaction { database in
            let due = database.outbox.indices.filter { index in
                let row = database.outbox[index]
                return row.post.status == .pending && row.post.nextAttemptAt <= now && platforms.contains(row.post.channel.platform)
                    && (row.claimedUntil.map { $0 <= now } ?? true)
            }
            .sorted { database.outbox[$0].post.queueOrder < database.outbox[$1].post.queueOrder }
            .prefix(max(0, limit))
            for index in due { database.outbox[index].claimedUntil = leaseUntil }
            return due.map { database.outbox[$0].post }
        }
    }

    public func nextPendingAttempt(platforms: Set<String>) async throws -> Date? {
        try transaction { database in
            database.outbox
                .filter { $0.post.status == .pending && platforms.contains($0.post.channel.platform) }
                .map { max($0.post.nextAttemptAt, $0.claimedUntil ?? .distantPast) }
                .min()
        }
    }

    public func markInFlight(_ postIDs: [Int64], at: Date) async throws {
        try changePosts(postIDs) { row in row.post.inFlightSince = row.post.inFlightSince ?? at.storedInstant }
    }

    public func release(_ posts: [OutboxPost]) async throws {
        try transaction { database in
            for post in posts {
                guard let index = database.postIndex(of: post.id) else { continue }
                database.outbox[index].claimedUntil = nil
                database.outbox[index].post.inFlightSince = post.inFlightSince?.storedInstant
            }
        }
    }

    public func markSent(_ postID: Int64, messageRef: String, at _: Date) async throws {
        try changePosts([postID]) { row in
            row.post.status = .sent
            row.post.messageRef = messageRef
            row.post.attempts += 1
            row.post.lastError = nil
            row.post.inFlightSince = nil
            row.claimedUntil = nil
        }
    }

    public func markFailed(_ postID: Int64, error: String, retryAt: Date?, uncertain: Bool) async throws {
        try changePosts([postID]) { row in
            row.post.attempts += 1
            row.post.lastError = error
            row.post.status = retryAt == nil ? .dead : .pending
            row.post.nextAttemptAt = retryAt?.storedInstant ?? row.post.nextAttemptAt
            if !uncertain { row.post.inFlightSince = nil }
            row.claimedUntil = nil
            row.post.holdsPacedSlot = false
        }
    }

    public func posts(withStatus status: OutboxPost.Status) async throws -> [OutboxPost] {
        try transaction { database in
            database.outbox.map(\.post).filter { $0.status == status }.sorted { $0.queueOrder < $1.queueOrder }
        }
    }

    public func deadPostsByError(newest: Int) async throws -> [DeadPostGroup] {
        try transaction { database in
            Dictionary(grouping: database.outbox.map(\.post).filter { $0.status == .dead }, by: \.lastError).map { lastError, posts in
                DeadPostGroup(lastError: lastError, count: posts.count, newest: Array(posts.sorted { $0.id > $1.id }.prefix(newest)))
            }
        }
    }

    public func countPostsAwaitingAttention() async throws -> [OutboxPost.Status: Int] {
        try transaction { database in
            database.outbox.reduce(into: [:]) { counts, row in
                if [.pending, .dead].contains(row.post.status) { counts[row.post.status, default: 0] += 1 }
            }
        }
    }

    public func requeue(_ postID: Int64, at: Date) async throws -> Bool {
        try transaction { database in
            guard let index = database.postIndex(of: postID), [.pending, .dead].contains(database.outbox[index].post.status) else { return false }
            database.outbox[index].post.status = .pending
            database.outbox[index].post.attempts = 0
            database.outbox[index].post.nextAttemptAt = at.storedInstant
            return true
        }
    }

    public func post(withKey idempotencyKey: IdempotencyKey) async throws -> OutboxPost? {
        try transaction { database in
            database.postIDs[idempotencyKey].flatMap(database.postIndex(of:)).map { database.outbox[$0].post }
        }
    }

    public func postpone(_ posts: [(id: Int64, until: Date)], reason: String, pacedSlot: Bool) async throws {
        try transaction { database in
            for (id, until) in posts {
                guard let index = database.postIndex(of: id), database.outbox[index].post.status == .pending else { continue }
                database.outbox[index].post.nextAttemptAt = until.storedInstant
                database.outbox[index].post.lastError = reason
                database.outbox[index].post.holdsPacedSlot = pacedSlot
                database.outbox[index].claimedUntil = nil
            }
        }
    }

    public func markSkipped(_ postID: Int64, reason: String) async throws {
        try changePosts([postID]) { row in
            guard row.post.status == .pending else { return }
            row.post.status = .skipped
            row.post.lastError = reason
            row.post.inFlightSince = nil
            row.claimedUntil = nil
        }
    }

    public func queue(_ posts: [QueuedPost]) async throws {
        _ = try transaction { $0.enqueue(posts) }
    }

    public func itemID(postedAs messageRef: String, in channel: ChatChannel) async throws -> ItemID? {
        try transaction { database in
            database.outbox.lazy.map(\.post).first { $0.channel == channel && $0.messageRef == messageRef && $0.itemID != nil }?.itemID
                ?? database.items.lazy.map(\.item).first { $0.channel == channel && $0.origin?.messageRef == messageRef }?.id
        }
    }

    /// Applies `change` to each of the posts that exists.
    private func changePosts(_ ids: [Int64], _ change: (inout InMemoryDatabase.StoredPost) -> Void) throws {
        try transaction { database in
            for index in ids.compactMap(database.postIndex(of:)) { change(&database.outbox[index]) }
        }
    }
}

extension OutboxPost {
    /// Oldest first: the order posts are claimed and listed in.
    fileprivate var queueOrder: (Date, Int64) { (nextAttemptAt, id) }
}
