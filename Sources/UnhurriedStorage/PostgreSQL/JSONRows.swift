import Foundation
import UnhurriedCore

/// Batches of rows sent to PostgreSQL as one JSON parameter and expanded with `jsonb_to_recordset`: a batch of any
/// size, NULLs included, costs one statement and one bound value. Field names are the columns they fill; a nil field
/// is left out, which reads as NULL. Written here by hand: `JSONEncoder`, which boxes every value of every row and
/// converted every key to snake case anew, took nearly a fifth of a replica's instructions per ask.
enum JSONRows {
    /// `rows` as a JSON array of objects, `fields` writing each one's fields.
    static func encode<Row>(_ rows: [Row], fields: (Row, inout JSONRowFields) throws -> Void) rethrows -> String {
        var row = JSONRowFields()
        row.bytes.reserveCapacity(256 * rows.count)
        row.bytes.append(UInt8(ascii: "["))
        for (index, element) in rows.enumerated() {
            if index > 0 { row.bytes.append(UInt8(ascii: ",")) }
            row.bytes.append(UInt8(ascii: "{"))
            try fields(element, &row)
            row.bytes.append(UInt8(ascii: "}"))
        }
        row.bytes.append(UInt8(ascii: "]"))
        return String(decoding: row.bytes, as: UTF8.self)
    }
}

/// The fields of the row being written.
struct JSONRowFields {
    fileprivate var bytes: [UInt8] = []

    mutating func add(_ column: StaticString, _ value: String?) {
        guard let value else { return }
        name(column)
        bytes.appendJSONQuoted(value)
    }

    mutating func add(_ column: StaticString, _ value: Int?) {
        guard let value else { return }
        name(column)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func add(_ column: StaticString, _ value: Bool) {
        name(column)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Column names are plain ASCII written in code, so they need no escapes.
    private mutating func name(_ column: StaticString) {
        // The row's first field follows its opening brace; every other field, a comma.
        if bytes.last != UInt8(ascii: "{") { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        column.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\":".utf8)
    }
}

/// An assignment as `assignments` holds it.
enum AssignmentRow {
    static func fields(of assignment: Assignment, into row: inout JSONRowFields) {
        row.add("assignee_id", assignment.assignee.rawValue)
        row.add("due_at_ms", assignment.dueAt.milliseconds)
        row.add("status", assignment.status.rawValue)
        row.add("acknowledged_at_ms", assignment.acknowledgedAt?.milliseconds)
        row.add("snoozed_until_ms", assignment.snoozedUntil?.milliseconds)
        row.add("next_follow_up_at_ms", assignment.nextFollowUpAt?.milliseconds)
        row.add("first_call_at_ms", assignment.firstCallAt?.milliseconds)
        row.add("planned_in_team_zone", assignment.plannedInTeamZone)
        row.add("info_requested_at_ms", assignment.infoRequestedAt?.milliseconds)
    }
}

/// A queued post as `outbox` holds it, with the instant it is first due.
enum PostRow {
    static func fields(of post: QueuedPost, into row: inout JSONRowFields) throws {
        row.add("idempotency_key", post.idempotencyKey.rawValue)
        row.add("platform", post.channel.platform)
        row.add("workspace_id", post.channel.workspaceID)
        row.add("channel_id", post.channel.channelID)
        row.add("kind", post.kind.rawValue)
        row.add("item_id", post.itemID.map { Int($0.rawValue) })
        row.add("subject_id", post.subject?.rawValue)
        row.add("reply_in_thread", post.replyInThread)
        row.add("thread_ref", post.threadRef)
        row.add("body", try post.body.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) })
        row.add("private_to", post.privateTo?.rawValue)
        row.add("due_at_ms", post.dueAt.milliseconds)
    }
}
