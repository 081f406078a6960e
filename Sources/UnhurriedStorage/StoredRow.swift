import Foundation
import UnhurriedCore

/// A result row of either store. Both stores lay out their tables alike, so items, assignments and outbox posts
/// are read back by one set of decoders whichever database returned them.
protocol StoredRow {
    /// The column's text; nil when it is NULL or the row has no such column.
    func text(_ column: String) throws -> String?
    /// The column's integer; nil when it is NULL or the row has no such column.
    func integer(_ column: String) throws -> Int?
    /// The column's yes/no value; nil when it is NULL or the row has no such column.
    func flag(_ column: String) throws -> Bool?
}

extension StoredRow {
    func requireText(_ name: String) throws -> String {
        guard let text = try text(name) else { throw StoreError.missingColumn(name) }
        return text
    }

    func requireInteger(_ name: String) throws -> Int {
        guard let value = try integer(name) else { throw StoreError.missingColumn(name) }
        return value
    }

    func requireEnum<Value: RawRepresentable<String>>(_ name: String) throws -> Value {
        let text = try requireText(name)
        guard let value = Value(rawValue: text) else { throw StoreError.unexpectedValue(column: name, value: text) }
        return value
    }

    func optionalDate(_ name: String) throws -> Date? {
        try integer(name).map(Date.init(milliseconds:))
    }

    /// The earliest of the named columns' instants, leaving out those that are NULL; nil when all are.
    func earliestDate(of names: String...) throws -> Date? {
        try names.compactMap(optionalDate).min()
    }

    func requireDate(_ name: String) throws -> Date {
        Date(milliseconds: try requireInteger(name))
    }

    func channel() throws -> ChatChannel {
        ChatChannel(platform: try requireText("platform"), workspaceID: try requireText("workspace_id"), channelID: try requireText("channel_id"))
    }
}

extension [String] {
    /// Where the named column is among a result's column names, the first if two have the name. Most names differ
    /// from the one asked for in length, compared inline; each string comparison is a call into the runtime, and a row
    /// of a post has some twenty columns looked up one by one.
    func index(ofColumn name: String) -> Int? {
        let length = name.utf8.count
        return firstIndex { $0.utf8.count == length && $0 == name }
    }
}

/// Builds items and posts from rows of the tables both stores share.
enum StoredRows {
    /// Items from their `items` rows and the `assignments` rows of those items (in the order they were added).
    /// `assignmentStatus` names the assignment's status column, for rows that join an item to its assignments.
    static func items(
        _ itemRows: [some StoredRow], assignments assignmentRows: [some StoredRow], assignmentStatus: String = "status"
    ) throws -> [Item] {
        var assignmentsByItem: [Int: [Assignment]] = [:]
        for row in assignmentRows {
            assignmentsByItem[try row.requireInteger("item_id"), default: []].append(Assignment(
                assignee: ChatUserID(try row.requireText("assignee_id")),
                dueAt: try row.requireDate("due_at_ms"),
                status: try row.requireEnum(assignmentStatus),
                acknowledgedAt: try row.optionalDate("acknowledged_at_ms"),
                snoozedUntil: try row.optionalDate("snoozed_until_ms"),
                nextFollowUpAt: try row.optionalDate("next_follow_up_at_ms"),
                firstCallAt: try row.optionalDate("first_call_at_ms"),
                plannedInTeamZone: try row.flag("planned_in_team_zone") ?? false,
                infoRequestedAt: try row.optionalDate("info_requested_at_ms")))
        }
        return try itemRows.map { row in
            let id = try row.requireInteger("id")
            let new = NewItem(
                kind: try row.requireEnum("kind"),
                channel: try row.channel(),
                author: ChatUserID(try row.requireText("author_id")),
                request: try row.requireText("request"),
                links: try StoredLinks.links(from: try row.requireText("links")),
                tierName: try row.requireText("tier"),
                createdAt: try row.requireDate("created_at_ms"),
                assignments: assignmentsByItem[id] ?? [],
                supersedes: try row.integer("supersedes_id").map { ItemID(Int64($0)) },
                meeting: try meeting(row),
                origin: try origin(row))
            return Item(id: ItemID(Int64(id)), status: try row.requireEnum("status"), new, version: try row.requireInteger("version"))
        }
    }

    /// The message an ask was tracked from, from the item's row; nil for other items.
    private static func origin(_ row: some StoredRow) throws -> ItemOrigin? {
        guard let ref = try row.text("origin_ref") else { return nil }
        return ItemOrigin(messageRef: ref, threadRef: try row.requireText("origin_thread_ref"))
    }

    /// A pre-read's meeting, from the item's row; nil for other items.
    private static func meeting(_ row: some StoredRow) throws -> Meeting? {
        guard let title = try row.text("meeting_title") else { return nil }
        return Meeting(title: title, startsAt: try row.requireDate("meeting_at_ms"), postAt: try row.requireDate("post_at_ms"))
    }

    /// Answers in the order given, each person's messages joined under their first.
    static func adminSession(_ row: some StoredRow) throws -> AdminSession {
        AdminSession(id: try row.requireText("id"), csrf: try row.requireText("csrf"), expiresAt: try row.requireDate("expires_at_ms"))
    }

    static func standupAnswers(_ rows: [some StoredRow]) throws -> [StandupAnswer] {
        try rows.map { row in
            let round = try row.requireText("round_date")
            guard let date = LocalDate(parsing: round) else { throw StoreError.unexpectedValue(column: "round_date", value: round) }
            return StandupAnswer(
                standupKey: try row.requireText("standup_key"), round: date, person: ChatUserID(try row.requireText("user_id")),
                text: try row.requireText("answer"), answeredAt: try row.requireDate("answered_at_ms"),
                messageRef: try row.requireText("message_ref"))
        }
        .joinedByPerson()
    }

    /// Items with their history rows (`item_events`, in order).
    static func histories(_ items: [Item], events eventRows: [some StoredRow]) throws -> [ItemHistory] {
        var eventsByItem: [Int: [ItemEvent]] = [:]
        for row in eventRows {
            eventsByItem[try row.requireInteger("item_id"), default: []].append(ItemEvent(
                kind: try row.requireEnum("kind"), actor: ChatUserID(try row.requireText("actor_id")), at: try row.requireDate("at_ms"),
                text: try row.text("text")))
        }
        return items.map { ItemHistory(item: $0, events: eventsByItem[Int($0.id.rawValue)] ?? []) }
    }

    /// The conditions of a history query over `items`: SQL with a placeholder for each value (`placeholder(n)` writes
    /// the n-th, from 1, as the store's dialect does), and the values.
    private static func conditions(of query: HistoryQuery, placeholder: (Int) -> String) -> (sql: String, values: [HistoryQueryValue]) {
        var clauses: [String] = []
        var values: [HistoryQueryValue] = []
        func next(_ value: HistoryQueryValue) -> String {
            values.append(value)
            return placeholder(values.count)
        }
        if let since = query.createdSince {
            let created = "created_at_ms >= \(next(.integer(since.milliseconds)))"
            // A decision stays "open" while it is in force; only open asks are still owed something.
            clauses.append(query.includingOpen ? "(\(created) OR (status = 'open' AND kind = 'ask'))" : created)
        }
        if let workspace = query.workspace {
            clauses.append("platform = \(next(.text(workspace.platform))) AND workspace_id = \(next(.text(workspace.workspaceID)))")
        }
        if let channel = query.channelID {
            clauses.append("channel_id = \(next(.text(channel)))")
        }
        if let item = query.itemID {
            clauses.append("id = \(next(.integer(Int(item.rawValue))))")
        }
        if query.asksOnly {
            clauses.append("kind = 'ask' AND meeting_title IS NULL")
        }
        return (clauses.isEmpty ? "TRUE" : clauses.joined(separator: " AND "), values)
    }

    /// The `items` rows `query` selects, oldest first; with `latest`, only that many of the newest are read.
    static func itemsSQL(of query: HistoryQuery, placeholder: (Int) -> String) -> (sql: String, values: [HistoryQueryValue]) {
        var (conditions, values) = Self.conditions(of: query, placeholder: placeholder)
        guard let latest = query.latest else { return ("SELECT * FROM items WHERE \(conditions) ORDER BY id", values) }
        values.append(.integer(latest))
        let limit = placeholder(values.count)
        return ("SELECT * FROM (SELECT * FROM items WHERE \(conditions) ORDER BY id DESC LIMIT \(limit)) AS latest ORDER BY id", values)
    }

    /// The words of a decision search that can match anything: each has a letter or a digit (`#launch` is `launch`
    /// to the full-text index; `—` or `"` alone is nothing to look for).
    static func searchWords(_ words: [String]) -> [String] {
        words.filter { $0.contains { $0.isLetter || $0.isNumber } }.prefix(32).map { $0 }
    }

    /// Items are read back this many at a time: a bound on statement parameters, and on memory per step.
    static let historyBatch = 500

    /// Every dead post's row ranked within its last error, newest first, up to a bound parameter (`limit`, as the
    /// database writes parameters) per error, with the error's count beside it.
    static func deadPostsByErrorSQL(limit: String) -> String {
        """
        SELECT * FROM (
            SELECT *, row_number() OVER (PARTITION BY last_error ORDER BY id DESC) AS rank_in_error,
                count(*) OVER (PARTITION BY last_error) AS posts_with_error
            FROM outbox WHERE status = 'dead'
        ) AS ranked WHERE rank_in_error <= \(limit) ORDER BY id DESC
        """
    }

    static func deadPostGroups(_ rows: [some StoredRow]) throws -> [DeadPostGroup] {
        var groups: [DeadPostGroup] = []
        for row in rows {
            let post = try post(from: row)
            if let index = groups.firstIndex(where: { $0.lastError == post.lastError }) {
                groups[index].newest.append(post)
            } else {
                groups.append(DeadPostGroup(lastError: post.lastError, count: try row.requireInteger("posts_with_error"), newest: [post]))
            }
        }
        return groups
    }

    static func post(from row: some StoredRow) throws -> OutboxPost {
        OutboxPost(
            id: Int64(try row.requireInteger("id")),
            queued: QueuedPost(
                idempotencyKey: IdempotencyKey(stored: try row.requireText("idempotency_key")),
                channel: try row.channel(),
                kind: try row.requireEnum("kind"),
                itemID: try row.integer("item_id").map { ItemID(Int64($0)) },
                subject: try row.text("subject_id").map(ChatUserID.init),
                replyInThread: try row.flag("reply_in_thread") ?? false,
                threadRef: try row.text("thread_ref"),
                body: try row.text("body").map { try JSONDecoder().decode(ChatMessage.self, from: Data($0.utf8)) },
                privateTo: try row.text("private_to").map(ChatUserID.init),
                dueAt: try row.requireDate("created_at_ms")),
            status: try row.requireEnum("status"),
            attempts: try row.requireInteger("attempts"),
            nextAttemptAt: try row.requireDate("next_attempt_at_ms"),
            lastError: try row.text("last_error"),
            messageRef: try row.text("message_ref"),
            inFlightSince: try row.optionalDate("in_flight_since_ms"),
            holdsPacedSlot: try row.flag("paced_slot") ?? false)
    }

    /// Whether rows of `id` and `version` show every item of `moves` still at the version it was read at.
    static func versionsMatch(_ rows: [some StoredRow], _ moves: DeadlineMoves) throws -> Bool {
        let stored = Dictionary(try rows.map { (try $0.requireInteger("id"), try $0.requireInteger("version")) }, uniquingKeysWith: { $1 })
        return moves.changes.allSatisfy { stored[Int($0.item.id.rawValue)] == $0.item.version }
    }

    /// People by workspace, from rows of `platform`, `workspace_id` and `assignee_id`.
    static func people(_ rows: [some StoredRow]) throws -> [WorkspaceRef: [ChatUserID]] {
        var people: [WorkspaceRef: [ChatUserID]] = [:]
        for row in rows {
            let workspace = WorkspaceRef(platform: try row.requireText("platform"), workspaceID: try row.requireText("workspace_id"))
            people[workspace, default: []].append(ChatUserID(try row.requireText("assignee_id")))
        }
        return people
    }

    /// People's settings from one result holding `people` rows and `time_away` rows (those with a `first_day`),
    /// time away in the order given.
    static func settings(_ rows: [some StoredRow]) throws -> [ChatUserID: PersonalSettings] {
        var settings: [ChatUserID: PersonalSettings] = [:]
        var away: [any StoredRow] = []
        for row in rows {
            if try row.text("first_day") != nil {
                away.append(row)
                continue
            }
            var person = PersonalSettings()
            person.timeZoneName = try row.text("time_zone")
            person.days = try row.text("days").map { Set($0.split(separator: ",").compactMap { Weekday(shortName: String($0)) }) }
            person.blocks = try row.text("blocks").flatMap(ClockRange.blocks(parsing:)) ?? Self.singleBlock(
                from: try row.integer("from_minute"), to: try row.integer("to_minute"))
            person.week = try row.text("week").flatMap(WeeklySchedule.init(parsing:))
            person.focus = try row.text("focus").flatMap(WeeklySchedule.init(parsing:))
            person.directoryTimeZoneName = try row.text("directory_time_zone")
            person.directoryCheckedAt = try row.optionalDate("directory_checked_at_ms")
            person.nudges = try row.text("nudges").flatMap(NudgeMode.init(rawValue:))
            settings[ChatUserID(try row.requireText("user_id"))] = person
        }
        for row in away {
            guard let first = LocalDate(parsing: try row.requireText("first_day")),
                  let last = LocalDate(parsing: try row.requireText("last_day")),
                  let range = DateRange(first: first, last: last) else { continue }
            settings[ChatUserID(try row.requireText("user_id")), default: PersonalSettings()].away.append(range)
        }
        // SQLite reads time away beside each person's settings, in index order, which SQL does not promise.
        for (user, person) in settings where person.away.count > 1 {
            settings[user]?.away.sort { $0.first < $1.first }
        }
        return settings
    }

    /// The hours of a row written before blocks were: one range, as minutes after midnight.
    private static func singleBlock(from: Int?, to: Int?) -> [ClockRange]? {
        guard let from = from.flatMap(TimeOfDay.init(minutesAfterMidnight:)), let to = to.flatMap(TimeOfDay.init(minutesAfterMidnight:)),
              let block = ClockRange(from: from, to: to) else { return nil }
        return [block]
    }
}

extension DueAssignment {
    /// Due assignments from claimed `assignments` rows and their items, earliest first; rows whose item is gone
    /// are left out.
    static func from(_ rows: [some StoredRow], items: [Item]) throws -> [DueAssignment] {
        // Ordered by the small claimed values first: each due assignment holds a whole item, which a sort would move.
        let claimed = try rows.map { row in
            (itemID: try row.requireInteger("item_id"), assignee: ChatUserID(try row.requireText("assignee_id")),
             handledThrough: try row.optionalDate("follow_ups_handled_through_ms"), nextFollowUpAt: try row.requireDate("next_follow_up_at_ms"))
        }.sorted { $0.nextFollowUpAt < $1.nextFollowUpAt }
        var positions: [Int: Int] = [:]
        for (position, item) in items.enumerated() where positions[Int(item.id.rawValue)] == nil {
            positions[Int(item.id.rawValue)] = position
        }
        return claimed.compactMap { claim in
            guard let position = positions[claim.itemID] else { return nil }
            let item = items[position]
            return DueAssignment(
                item: item, assignee: claim.assignee, handledThrough: claim.handledThrough ?? item.createdAt, nextFollowUpAt: claim.nextFollowUpAt)
        }
    }
}

extension [StandupAnswer] {
    /// One answer per person, in the order people first answered: each person's messages joined under their first.
    func joinedByPerson() -> [StandupAnswer] {
        var answers: [StandupAnswer] = []
        for answer in self {
            if let index = answers.firstIndex(where: { $0.person == answer.person }) {
                answers[index].text += "\n" + answer.text
            } else {
                answers.append(answer)
            }
        }
        return answers
    }
}

extension FirstResponse {
    /// The item's first responses given at or after `start` and before `end`.
    static func all(in item: Item, from start: Date, to end: Date) -> [FirstResponse] {
        item.assignments.compactMap { assignment in
            guard let at = assignment.acknowledgedAt, at >= start, at < end else { return nil }
            return FirstResponse(item: item, assignee: assignment.assignee, respondedAt: at)
        }
    }
}

/// A value of a history query's conditions, bound the way each store binds.
enum HistoryQueryValue {
    case integer(Int)
    case text(String)
}

public enum StoreError: Error, CustomStringConvertible {
    case missingColumn(String)
    case unexpectedValue(column: String, value: String)
    case schemaNewerThanRelease(found: Int, known: Int)
    /// The database refused or could not be reached; the text says why.
    case database(String)

    public var description: String {
        switch self {
        case .database(let reason): reason
        case .missingColumn(let name): "the database row has no column '\(name)'"
        case .unexpectedValue(let column, let value): "unexpected value '\(value)' in column '\(column)'"
        case .schemaNewerThanRelease(let found, let known):
            "the database is at schema version \(found), newer than this release knows (\(known)); run a newer release or restore a backup"
        }
    }
}

/// The `people` columns of what someone set with `/hours`, in the forms the core reads back.
struct StoredHours {
    var days: String?
    var blocks: String?
    var week: String?
    var focus: String?

    init(_ settings: PersonalSettings) {
        days = settings.days.map { $0.sorted().map(\.shortName).joined(separator: ",") }
        blocks = settings.blocks?.listed
        week = settings.week?.description
        focus = settings.focus?.description
    }
}
