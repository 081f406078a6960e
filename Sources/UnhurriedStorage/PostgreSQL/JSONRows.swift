import Foundation
import UnhurriedCore

/// Batches of rows sent to PostgreSQL as one JSON parameter and expanded with `jsonbToRecordset`: a batch of any
/// size, NULLs included, costs one statement and one bound value. Field names, in snake case, are the columns
/// they fill; a nil field is left out, which reads as NULL.
enum JSONRows {
    static func encode(_ rows: [some Encodable]) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(rows), as: UTF8.self)
    }
}

struct AssignmentRow: Encodable {
    var assigneeId: String
    var dueAtMs: Int
    var status: String
    var acknowledgedAtMs: Int?
    var snoozedUntilMs: Int?
    var nextFollowUpAtMs: Int?
    var firstCallAtMs: Int?
    var plannedInTeamZone: Bool
}

struct PostRow: Encodable {
    var idempotencyKey: String
    var platform: String
    var workspaceId: String
    var channelId: String
    var kind: String
    var itemId: Int?
    var subjectId: String?
    var replyInThread: Bool
    var threadRef: String?
    var body: String?
    var privateTo: String?
    var dueAtMs: Int

    init(_ post: QueuedPost) throws {
        idempotencyKey = post.idempotencyKey.rawValue
        platform = post.channel.platform
        workspaceId = post.channel.workspaceID
        channelId = post.channel.channelID
        kind = post.kind.rawValue
        itemId = post.itemID.map { Int($0.rawValue) }
        subjectId = post.subject?.rawValue
        replyInThread = post.replyInThread
        threadRef = post.threadRef
        body = try post.body.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        privateTo = post.privateTo?.rawValue
        dueAtMs = post.dueAt.milliseconds
    }
}

/// A post and an instant: when it was marked in flight, or when it is next due.
struct PostMark: Encodable {
    var id: Int
    var atMs: Int?
}

/// What the scheduler decided for one assignment, and the instant it read, which must still hold.
struct PlannedFollowUpRow: Encodable {
    var itemId: Int
    var assigneeId: String
    var readNextMs: Int
    var nextMs: Int?
    var handledThroughMs: Int
}

struct ReplannedFollowUpRow: Encodable {
    var itemId: Int
    var itemVersion: Int
    var assigneeId: String
    var nextMs: Int?
    var plannedAtMs: Int
}
