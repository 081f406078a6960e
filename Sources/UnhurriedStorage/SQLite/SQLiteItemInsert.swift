import Foundation
import UnhurriedCore

/// Inserts many new items — with their assignments, `created` events and card posts — in four multi-row
/// statements, so a burst of asks costs a handful of statements per commit instead of several per ask.
enum SQLiteItemInsert {
    /// Inserts `items` inside the caller's transaction and returns their ids, in order.
    static func insert(_ items: [NewItem], on database: SQLiteDatabase) throws -> [Int64] {
        // Ids are assigned here rather than by SQLite so every row of the batch can refer to its item. Reading
        // the current maximum inside the write transaction keeps this right when another process wrote last.
        let rows = try database.query("SELECT coalesce(max(id), 0) AS last FROM items")
        let firstID = Int64(rows.first?.column("last")?.integer ?? 0) + 1
        let ids = items.indices.map { firstID + Int64($0) }
        var itemRows: [[SQLiteData]] = []
        var assignmentRows: [[SQLiteData]] = []
        var eventRows: [[SQLiteData]] = []
        var posts: [QueuedPost] = []
        for (id, item) in zip(ids, items) {
            let links = StoredLinks.text(of: item.links)
            let created = SQLiteData.integer(item.createdAt.milliseconds)
            let itemID = SQLiteData.integer(Int(id))
            itemRows.append([
                itemID, .text(item.kind.rawValue), .text(item.channel.platform), .text(item.channel.workspaceID),
                .text(item.channel.channelID), .text(item.author.rawValue), .text(item.request), .text(links),
                .text(item.tierName), created, item.supersedes.map { .integer(Int($0.rawValue)) } ?? .null,
                item.meeting.map { .text($0.title) } ?? .null, item.meeting.map { .integer($0.startsAt.milliseconds) } ?? .null,
                item.meeting.map { .integer($0.postAt.milliseconds) } ?? .null,
                item.origin.map { .text($0.messageRef) } ?? .null, item.origin.map { .text($0.threadRef) } ?? .null,
            ])
            for assignment in item.assignments {
                assignmentRows.append([
                    itemID, .text(assignment.assignee.rawValue), .integer(assignment.dueAt.milliseconds),
                    .text(assignment.status.rawValue), assignment.nextFollowUpAt.map { .integer($0.milliseconds) } ?? .null, created,
                    assignment.firstCallAt.map { .integer($0.milliseconds) } ?? .null, .integer(assignment.plannedInTeamZone ? 1 : 0),
                ])
            }
            eventRows.append([itemID, .text(ItemEvent.Kind.created.rawValue), .text(item.author.rawValue), created])
            posts += QueuedPost.postsOnCreation(of: item, id: ItemID(id))
        }
        try SQLiteRowBatches.run(
            """
            INSERT INTO items (id, kind, platform, workspace_id, channel_id, author_id, request, links, tier, status, created_at_ms, supersedes_id,
                               meeting_title, meeting_at_ms, post_at_ms, origin_ref, origin_thread_ref)
            """,
            rows: itemRows, template: "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)", on: database)
        try SQLiteRowBatches.run(
            """
            INSERT INTO assignments (item_id, assignee_id, due_at_ms, status, next_follow_up_at_ms, follow_ups_handled_through_ms, first_call_at_ms,
                                     planned_in_team_zone)
            """,
            rows: assignmentRows, template: "(?, ?, ?, ?, ?, ?, ?, ?)", on: database)
        try SQLiteRowBatches.run(
            "INSERT INTO item_events (item_id, kind, actor_id, at_ms)",
            rows: eventRows, template: "(?, ?, ?, ?)", on: database)
        try SQLiteStore.enqueue(posts, on: database)
        return ids
    }
}
