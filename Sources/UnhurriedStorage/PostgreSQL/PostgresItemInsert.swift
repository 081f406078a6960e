import PostgresNIO
import UnhurriedCore

/// The next item's number, taken before the item is written so its posts can name it.
struct NextItemID: PreparedStoreStatement {
    static let sql = "SELECT nextval(pg_get_serial_sequence('items', 'id')) AS id"
    let bindings = PostgresBindings()
}

/// A new item numbered `id`, its assignments, its `created` event and its posts, in one statement, so they commit
/// together. Assignments and posts travel as JSON rows, so the statement is the same whatever their number.
struct ItemInsert: PreparedStoreStatement {
    static let sql = """
        WITH new_item AS (
            INSERT INTO items (id, kind, platform, workspace_id, channel_id, author_id, request, links, tier, status, created_at_ms,
                               supersedes_id, meeting_title, meeting_at_ms, post_at_ms, origin_ref, origin_thread_ref,
                               assignee_count)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11, $12, $13, $14, $15, $16, jsonb_array_length($17::jsonb))
            RETURNING id
        ), new_assignments AS (
            INSERT INTO assignments (item_id, assignee_id, due_at_ms, status, next_follow_up_at_ms, follow_ups_handled_through_ms,
                                     first_call_at_ms, planned_in_team_zone)
            SELECT new_item.id, a.assignee_id, a.due_at_ms, a.status, a.next_follow_up_at_ms, $10, a.first_call_at_ms,
                   a.planned_in_team_zone
            FROM new_item, ROWS FROM (jsonb_to_recordset($17::jsonb)
                AS (assignee_id text, due_at_ms bigint, status text, next_follow_up_at_ms bigint, first_call_at_ms bigint,
                    planned_in_team_zone boolean))
                WITH ORDINALITY AS a(assignee_id, due_at_ms, status, next_follow_up_at_ms, first_call_at_ms, planned_in_team_zone, position)
            ORDER BY a.position
        ), new_event AS (
            INSERT INTO item_events (item_id, kind, actor_id, at_ms)
            SELECT id, $18, $6, $10 FROM new_item
        ), queued AS (SELECT $19::jsonb AS posts), new_posts AS (\(PostgresStore.enqueueQueued))
        SELECT id FROM new_item
        """
    let bindings: PostgresBindings

    init(_ new: NewItem, id: Int) throws {
        let assignments = JSONRows.encode(new.assignments, fields: AssignmentRow.fields(of:into:))
        let posts = try JSONRows.encode(QueuedPost.postsOnCreation(of: new, id: ItemID(Int64(id))), fields: PostRow.fields(of:into:))
        var bindings = PostgresBindings()
        bindings.append(id)
        bindings.append(new.kind.rawValue)
        bindings.append(new.channel.platform)
        bindings.append(new.channel.workspaceID)
        bindings.append(new.channel.channelID)
        bindings.append(new.author.rawValue)
        bindings.append(new.request)
        bindings.append(StoredLinks.text(of: new.links))
        bindings.append(new.tierName)
        bindings.append(new.createdAt.milliseconds)
        bindings.append(new.supersedes.map { Int($0.rawValue) })
        bindings.append(new.meeting?.title)
        bindings.append(new.meeting?.startsAt.milliseconds)
        bindings.append(new.meeting?.postAt.milliseconds)
        bindings.append(new.origin?.messageRef)
        bindings.append(new.origin?.threadRef)
        bindings.append(assignments)
        bindings.append(ItemEvent.Kind.created.rawValue)
        bindings.append(posts)
        self.bindings = bindings
    }
}
