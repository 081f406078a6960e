import Foundation

/// Asks, decisions and pre-reads with their history in forms a team can keep in its wiki or spreadsheet: JSON (complete, and read back by
/// `decode`), CSV (one row per assignee) and Markdown (a readable log by channel). Instants are UTC.
public enum HistoryExport {
    public enum Format: String, Sendable, CaseIterable {
        case json, csv, markdown
    }

    public static func render(_ histories: [ItemHistory], as format: Format, exportedAt: Date) -> String {
        switch format {
        case .json: String(decoding: json(histories, exportedAt: exportedAt), as: UTF8.self)
        case .csv: csv(histories)
        case .markdown: markdown(histories, exportedAt: exportedAt)
        }
    }

    // MARK: JSON

    struct Document: Codable {
        var exportedAt: Date
        var items: [ExportedItem]
    }

    struct ExportedItem: Codable {
        struct ExportedAssignment: Codable {
            var assignee: String
            var dueAt: Date
            var status: String
            var acknowledgedAt: Date?
            var snoozedUntil: Date?
        }

        struct ExportedMeeting: Codable {
            var title: String
            var startsAt: Date
            var postAt: Date
        }

        struct ExportedEvent: Codable {
            var kind: String
            var actor: String
            var at: Date
            /// What a reply said.
            var text: String?
        }

        var id: Int64
        var kind: String
        var platform: String
        var workspace: String
        var channel: String
        var author: String
        var request: String
        var links: [Link]
        var tier: String
        var status: String
        var createdAt: Date
        var supersedes: Int64?
        var meeting: ExportedMeeting?
        var assignments: [ExportedAssignment]
        var history: [ExportedEvent]
    }

    public static func json(_ histories: [ItemHistory], exportedAt: Date) -> Data {
        let document = Document(exportedAt: exportedAt, items: histories.map { history in
            let item = history.item
            return ExportedItem(
                id: item.id.rawValue, kind: item.kind.rawValue, platform: item.channel.platform, workspace: item.channel.workspaceID,
                channel: item.channel.channelID, author: item.author.rawValue, request: item.request, links: item.links, tier: item.tierName,
                status: item.status.rawValue, createdAt: item.createdAt, supersedes: item.supersedes?.rawValue,
                meeting: item.meeting.map { .init(title: $0.title, startsAt: $0.startsAt, postAt: $0.postAt) },
                assignments: item.assignments.map {
                    .init(assignee: $0.assignee.rawValue, dueAt: $0.dueAt, status: $0.status.rawValue, acknowledgedAt: $0.acknowledgedAt,
                          snoozedUntil: $0.snoozedUntil)
                },
                history: history.events.map { .init(kind: $0.kind.rawValue, actor: $0.actor.rawValue, at: $0.at, text: $0.text) })
        })
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(document)) ?? Data()
    }

    /// Reads a JSON export back: what a team kept can be checked against the store, or moved to another install.
    public static func decode(_ data: Data) throws -> (exportedAt: Date, histories: [ItemHistory]) {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = instant(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an instant: \(text)"))
            }
            return date
        }
        let document = try decoder.decode(Document.self, from: data)
        return (document.exportedAt, try document.items.map { exported in
            func value<Value: RawRepresentable<String>>(_ text: String, _ field: String) throws -> Value {
                guard let value = Value(rawValue: text) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "item \(exported.id): unknown \(field) \(text)"))
                }
                return value
            }
            let item = Item(id: ItemID(exported.id), status: try value(exported.status, "status"), NewItem(
                kind: try value(exported.kind, "kind"),
                channel: ChatChannel(platform: exported.platform, workspaceID: exported.workspace, channelID: exported.channel),
                author: ChatUserID(exported.author), request: exported.request, links: exported.links, tierName: exported.tier,
                createdAt: exported.createdAt,
                assignments: try exported.assignments.map {
                    Assignment(assignee: ChatUserID($0.assignee), dueAt: $0.dueAt, status: try value($0.status, "assignment status"),
                               acknowledgedAt: $0.acknowledgedAt, snoozedUntil: $0.snoozedUntil)
                }, supersedes: exported.supersedes.map(ItemID.init),
                meeting: exported.meeting.map { Meeting(title: $0.title, startsAt: $0.startsAt, postAt: $0.postAt) }))
            return ItemHistory(item: item, events: try exported.history.map {
                ItemEvent(kind: try value($0.kind, "event"), actor: ChatUserID($0.actor), at: $0.at, text: $0.text)
            })
        })
    }

    // MARK: CSV

    public static let csvColumns = [
        "id", "created_at", "platform", "workspace", "channel", "author", "tier", "status", "request", "links", "assignee", "due_at",
        "assignee_status", "first_response_at", "history", "meeting_title", "meeting_at",
    ]

    /// RFC 4180, one row per assignee or reader (one for a decision). A request a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) starts with
    /// `'`; ids are left as they are (Matrix user ids start with `@`).
    public static func csv(_ histories: [ItemHistory]) -> String {
        var lines = [csvColumns.joined(separator: ",")]
        for history in histories {
            let item = history.item
            let events = history.events.map { event in
                "\(event.kind.rawValue) by \(event.actor) at \(timestamp(event.at))" + (event.text.map { ": \($0)" } ?? "")
            }.joined(separator: "; ")
            // A decision has no one asked: one row, the assignee's columns empty.
            for assignment in item.assignments.isEmpty ? [nil] : item.assignments.map(Optional.some) {
                let cells = [
                    String(item.id.rawValue), timestamp(item.createdAt), item.channel.platform, item.channel.workspaceID, item.channel.channelID,
                    item.author.rawValue, item.tierName, item.status.rawValue, formulaSafe(item.request), item.links.map(\.url).joined(separator: " "),
                    assignment?.assignee.rawValue ?? "", assignment.map { timestamp($0.dueAt) } ?? "", assignment?.status.rawValue ?? "",
                    assignment.flatMap { history.firstResponse(of: $0.assignee) }.map(timestamp) ?? "", events,
                    formulaSafe(item.meeting?.title ?? ""), item.meeting.map { timestamp($0.startsAt) } ?? "",
                ]
                lines.append(cells.map(csvCell).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func formulaSafe(_ text: String) -> String {
        ["=", "+", "-", "@", "\t", "\r"].contains(where: text.hasPrefix) ? "'" + text : text
    }

    static func csvCell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: Markdown

    /// The decision log, then the asks, then the pre-reads, each by channel in the order they were made, with people, links and history.
    public static func markdown(_ histories: [ItemHistory], exportedAt: Date) -> String {
        let decisions = histories.filter { $0.item.kind == .decision }
        let asks = histories.filter { $0.item.kind == .ask }
        let prereads = histories.filter { $0.item.kind == .preread }
        var lines = ["Exported \(timestamp(exportedAt)) · \(decisions.count) decisions · \(asks.count) asks · \(prereads.count) pre-reads", ""]
        if !decisions.isEmpty {
            lines += ["# Decision log", ""] + byChannel(decisions) { history in
                let item = history.item
                var entry = [
                    "### \(item.id) \(item.status == .superseded ? "(superseded) " : "")\(markdownText(MessageComposer.excerpt(item.request, limit: 80)))", "",
                    "- **Decided** by \(markdownText(item.author.rawValue)) at \(timestamp(item.createdAt))"
                        + (item.supersedes.map { " · supersedes \($0)" } ?? ""),
                    "- **Decision:** \(markdownText(item.request))",
                ]
                entry += linkLines(item.links)
                entry += historyLines(history.events)
                return entry
            }
        }
        if !asks.isEmpty {
            lines += ["# Asks", ""] + byChannel(asks) { history in
                let item = history.item
                var entry = [
                    "### \(item.id) \(markdownText(MessageComposer.excerpt(item.request, limit: 80)))", "",
                    "- **Asked** by \(markdownText(item.author.rawValue)) at \(timestamp(item.createdAt)) · \(markdownText(item.tierName)) · \(item.status.rawValue)",
                    "- **Request:** \(markdownText(item.request))",
                ]
                entry += linkLines(item.links)
                for assignment in item.assignments {
                    let response = history.firstResponse(of: assignment.assignee).map { ", first response \(timestamp($0))" } ?? ""
                    entry.append("- **\(markdownText(assignment.assignee.rawValue))**: due \(timestamp(assignment.dueAt)), \(assignment.status.rawValue)\(response)")
                }
                entry += historyLines(history.events)
                return entry
            }
        }
        if !prereads.isEmpty {
            lines += ["# Pre-reads", ""] + byChannel(prereads) { history in
                let item = history.item
                let title = item.meeting?.title ?? item.request
                var entry = ["### \(item.id) \(markdownText(title))", ""]
                if let meeting = item.meeting {
                    entry.append("- **Meeting** at \(timestamp(meeting.startsAt)) · posted \(timestamp(meeting.postAt)) · by \(markdownText(item.author.rawValue)) · \(item.status.rawValue)")
                }
                if !item.request.isEmpty { entry.append("- **Agenda:** \(markdownText(item.request))") }
                entry += linkLines(item.links)
                for assignment in item.assignments {
                    let state = switch assignment.readerState {
                    case .read: "read"
                    case .hasQuestion: "open question"
                    case .notYet: "not read"
                    }
                    entry.append("- **\(markdownText(assignment.assignee.rawValue))**: \(state)")
                }
                entry += historyLines(history.events)
                return entry
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func byChannel(_ histories: [ItemHistory], entry: (ItemHistory) -> [String]) -> [String] {
        let grouped = Dictionary(grouping: histories) { $0.item.channel }
        var lines: [String] = []
        for channel in grouped.keys.sorted(by: { ($0.platform, $0.workspaceID, $0.channelID) < ($1.platform, $1.workspaceID, $1.channelID) }) {
            lines += ["## \(markdownText(channel.channelID)) (\(channel.platform) \(markdownText(channel.workspaceID)))", ""]
            for history in grouped[channel] ?? [] { lines += entry(history) + [""] }
        }
        return lines
    }

    private static func linkLines(_ links: [Link]) -> [String] {
        links.map { "- **Link:** [\(markdownText($0.label ?? $0.url))](<\(linkDestination($0.url))>)" }
    }

    /// Inside `<…>` a destination may hold anything but `<`, `>` and line breaks; those are percent-encoded.
    static func linkDestination(_ url: String) -> String {
        var result = ""
        for character in url {
            switch character {
            case "<": result += "%3C"
            case ">": result += "%3E"
            case "\n": result += "%0A"
            case "\r": result += "%0D"
            default: result.append(character)
            }
        }
        return result
    }

    /// The replies under the item's posts, each with who wrote it and when, then the whole history on one line.
    private static func historyLines(_ events: [ItemEvent]) -> [String] {
        let replies = events.compactMap { event in
            event.text.map {
                let what = event.kind == .infoRequested ? "Asked for more" : "Reply"
                return "- **\(what)** from \(markdownText(event.actor.rawValue)) at \(timestamp(event.at)): \(markdownText($0))"
            }
        }
        return replies + ["- **History:** " + events.map { "\($0.kind.rawValue) by \(markdownText($0.actor.rawValue)) at \(timestamp($0.at))" }
            .joined(separator: "; ")]
    }

    /// People's words as text, not markup: Markdown's punctuation is escaped, and line breaks become spaces.
    static func markdownText(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\`*_{}[]<>()#+-.!|~".contains(character) { result.append("\\") }
            result.append(character.isNewline ? " " : character)
        }
        return result
    }

    // MARK: Instants

    /// `2026-11-23T08:00:00.123Z`: the stores keep whole milliseconds, and so does an export, rounded rather than cut.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let whole = Date(timeIntervalSince1970: TimeInterval(fraction < 0 ? seconds - 1 : seconds))
        return String(whole.formatted(.iso8601).dropLast()) + String(format: ".%03dZ", fraction < 0 ? fraction + 1000 : fraction)
    }

    static func instant(_ text: String) -> Date? {
        guard let parsed = (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text)) else { return nil }
        return Date(timeIntervalSince1970: (parsed.timeIntervalSince1970 * 1000).rounded() / 1000)
    }
}
