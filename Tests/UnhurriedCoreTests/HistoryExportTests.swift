import Foundation
import Testing
@testable import UnhurriedCore

/// Exports keep everything (JSON reads back to the same asks and history), quote what needs quoting (CSV) and show
/// people's words as text (Markdown).
@Suite struct HistoryExportTests {
    private let created = Date(timeIntervalSince1970: 1_795_420_800.123)

    private var history: ItemHistory {
        let item = Item(id: ItemID(7), status: .open, NewItem(
            kind: .ask, channel: ChatChannel(platform: "matrix", workspaceID: "example.org", channelID: "!room:example.org"),
            author: ChatUserID("@alice:example.org"), request: "review \"Q3\", then *ship* it\n— ok?",
            links: [Link(url: "https://example.com/q3?a=1&b=2", label: "Q3 [draft]")], tierName: "standard", createdAt: created,
            assignments: [
                Assignment(assignee: ChatUserID("@bob:example.org"), dueAt: created.addingTimeInterval(86_400), acknowledgedAt: created.addingTimeInterval(600)),
                Assignment(assignee: ChatUserID("@carol:example.org"), dueAt: created.addingTimeInterval(86_400), status: .done,
                           snoozedUntil: created.addingTimeInterval(3600)),
            ]))
        return ItemHistory(item: item, events: [
            ItemEvent(kind: .created, actor: ChatUserID("@alice:example.org"), at: created),
            ItemEvent(kind: .replied, actor: ChatUserID("@bob:example.org"), at: created.addingTimeInterval(600), text: "Looks *fine*,\nship it"),
            ItemEvent(kind: .acknowledged, actor: ChatUserID("@bob:example.org"), at: created.addingTimeInterval(600)),
            ItemEvent(kind: .assignmentDone, actor: ChatUserID("@carol:example.org"), at: created.addingTimeInterval(900)),
        ])
    }

    @Test func jsonReadsBackToTheSameAsksAndHistory() throws {
        let exportedAt = Date(timeIntervalSince1970: 1_795_500_000)
        let (readAt, histories) = try HistoryExport.decode(HistoryExport.json([history], exportedAt: exportedAt))
        #expect(readAt == exportedAt)
        let read = try #require(histories.first)
        let original = history
        #expect(read.item.id == original.item.id)
        #expect(read.item.status == original.item.status)
        #expect(read.item.channel == original.item.channel)
        #expect(read.item.request == original.item.request)
        #expect(read.item.links == original.item.links)
        #expect(read.item.createdAt == original.item.createdAt)
        #expect(read.item.assignments == original.item.assignments)
        #expect(read.events == original.events)
    }

    @Test func refusesAJSONExportItCannotRead() {
        #expect(throws: (any Error).self) { try HistoryExport.decode(Data(#"{"exported_at":"yesterday","items":[]}"#.utf8)) }
        #expect(throws: (any Error).self) { try HistoryExport.decode(Data("[]".utf8)) }
    }

    @Test func csvHasARowPerAssigneeQuotedAsRFC4180() {
        let lines = HistoryExport.csv([history]).components(separatedBy: "\r\n")
        #expect(lines.first == HistoryExport.csvColumns.joined(separator: ","))
        #expect(lines.count == 4)  // header, two assignees, the final line break
        #expect(lines[1].hasPrefix("7,2026-11-23T08:00:00.123Z,matrix,example.org,!room:example.org,@alice:example.org,standard,open,"))
        #expect(lines[1].contains(#","review ""Q3"", then *ship* it"#))
        #expect(lines[1].contains(",@bob:example.org,2026-11-24T08:00:00.123Z,open,2026-11-23T08:10:00.123Z,"))
        #expect(lines[2].contains(",@carol:example.org,2026-11-24T08:00:00.123Z,done,2026-11-23T08:15:00.123Z,"))
        #expect(lines[1].hasSuffix(",\"created by @alice:example.org at 2026-11-23T08:00:00.123Z; replied by @bob:example.org at 2026-11-23T08:10:00.123Z: Looks *fine*,\nship it; acknowledged by @bob:example.org at 2026-11-23T08:10:00.123Z; assignment_done by @carol:example.org at 2026-11-23T08:15:00.123Z\",,"))
        // The request's line break stays inside its quoted cell.
        #expect(lines[1].contains("then *ship* it\n— ok?\","))
    }

    @Test(arguments: [("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("plain", "plain")])
    func aCellASpreadsheetWouldRunAsAFormulaIsText(_ text: String, _ cell: String) {
        #expect(HistoryExport.csvCell(HistoryExport.formulaSafe(text)) == cell)
    }

    @Test func markdownShowsPeoplesWordsAsText() {
        let markdown = HistoryExport.markdown([history], exportedAt: created)
        #expect(markdown.hasPrefix("Exported 2026-11-23T08:00:00.123Z · 0 decisions · 1 asks · 0 pre-reads\n\n# Asks\n"))
        #expect(markdown.contains("## \\!room:example\\.org (matrix example\\.org)"))
        #expect(markdown.contains(#"- **Request:** review "Q3", then \*ship\* it — ok?"#))
        #expect(markdown.contains("- **Link:** [Q3 \\[draft\\]](<https://example.com/q3?a=1&b=2>)"))
        #expect(markdown.contains("- **@carol:example\\.org**: due 2026-11-24T08:00:00.123Z, done, first response 2026-11-23T08:15:00.123Z"))
        // The answer, in the replier's words.
        #expect(markdown.contains("- **Reply** from @bob:example\\.org at 2026-11-23T08:10:00.123Z: Looks \\*fine\\*, ship it\n- **History:** "))
    }

    /// A request for more reads as what it was, and counts as the requester's first response.
    @Test func markdownTellsARequestForMoreFromAReply() {
        var asked = history
        asked.events.insert(ItemEvent(kind: .infoRequested, actor: ChatUserID("@carol:example.org"), at: created.addingTimeInterval(300), text: "Which Q3?"), at: 1)
        let markdown = HistoryExport.markdown([asked], exportedAt: created)
        #expect(markdown.contains("- **Asked for more** from @carol:example\\.org at 2026-11-23T08:05:00.123Z: Which Q3?\n- **Reply** from @bob"))
        #expect(markdown.contains("- **@carol:example\\.org**: due 2026-11-24T08:00:00.123Z, done, first response 2026-11-23T08:05:00.123Z"))
    }
}

extension HistoryExportTests {
    private var decisions: [ItemHistory] {
        let channel = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")
        func decision(_ id: Int64, _ text: String, status: ItemStatus, supersedes: ItemID? = nil) -> ItemHistory {
            ItemHistory(
                item: Item(id: ItemID(id), status: status, NewItem(
                    kind: .decision, channel: channel, author: ChatUserID("U0ALICE"), request: text, links: [], tierName: "decision",
                    createdAt: created.addingTimeInterval(Double(id) * 60), assignments: [], supersedes: supersedes)),
                events: [ItemEvent(kind: .created, actor: ChatUserID("U0ALICE"), at: created.addingTimeInterval(Double(id) * 60))])
        }
        return [decision(1, "We launch on Dec 3 #launch", status: .superseded), decision(2, "We launch on Dec 10 #launch", status: .open, supersedes: ItemID(1))]
    }

    @Test func markdownRendersADecisionLogBeforeTheAsks() throws {
        let markdown = HistoryExport.markdown(decisions + [history], exportedAt: created)
        #expect(markdown.hasPrefix("Exported 2026-11-23T08:00:00.123Z · 2 decisions · 1 asks · 0 pre-reads\n\n# Decision log\n\n## C1 (slack T1)\n\n### #1 (superseded) We launch on Dec 3 \\#launch\n"))
        #expect(markdown.contains("- **Decided** by U0ALICE at 2026-11-23T08:02:00.123Z · supersedes #1\n- **Decision:** We launch on Dec 10 \\#launch"))
        #expect(try #require(markdown.range(of: "# Decision log")).lowerBound < #require(markdown.range(of: "# Asks")).lowerBound)
        let (_, read) = try HistoryExport.decode(HistoryExport.json(decisions, exportedAt: created))
        #expect(read.map(\.item.supersedes) == [nil, ItemID(1)])
        #expect(read.map(\.item.status) == [.superseded, .open])
        // A decision has its own row in CSV, with no one asked.
        #expect(HistoryExport.csv(decisions).components(separatedBy: "\r\n")[1].contains(",decision,superseded,We launch on Dec 3 #launch,,,,,,created by U0ALICE"))
    }

    @Test func aPrereadKeepsItsMeetingAndReadersInEveryFormat() throws {
        let channel = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")
        let startsAt = created.addingTimeInterval(86_400)
        let preread = ItemHistory(
            item: Item(id: ItemID(9), status: .open, NewItem(
                kind: .preread, channel: channel, author: ChatUserID("U0ALICE"), request: "Agenda: budget, hiring",
                links: [Link(url: "https://example.com/q3", label: nil)], tierName: "preread", createdAt: created,
                assignments: [
                    Assignment(assignee: ChatUserID("U0BOB"), dueAt: startsAt, status: .done, acknowledgedAt: created.addingTimeInterval(600)),
                    Assignment(assignee: ChatUserID("U0CAROL"), dueAt: startsAt, acknowledgedAt: created.addingTimeInterval(900)),
                    Assignment(assignee: ChatUserID("U0DAN"), dueAt: startsAt),
                ],
                meeting: Meeting(title: "Q3 planning", startsAt: startsAt, postAt: created.addingTimeInterval(3600)))),
            events: [ItemEvent(kind: .created, actor: ChatUserID("U0ALICE"), at: created),
                     ItemEvent(kind: .read, actor: ChatUserID("U0BOB"), at: created.addingTimeInterval(600)),
                     ItemEvent(kind: .questionRaised, actor: ChatUserID("U0CAROL"), at: created.addingTimeInterval(900))])
        let (_, read) = try HistoryExport.decode(HistoryExport.json([preread], exportedAt: created))
        #expect(read.first?.item.meeting == preread.item.meeting)
        #expect(read.first?.events == preread.events)
        #expect(read.first?.item.assignments == preread.item.assignments)

        let markdown = HistoryExport.markdown([preread], exportedAt: created)
        #expect(markdown.contains("# Pre-reads\n\n## C1 (slack T1)\n\n### #9 Q3 planning\n"))
        #expect(markdown.contains("- **Meeting** at 2026-11-24T08:00:00.123Z · posted 2026-11-23T09:00:00.123Z · by U0ALICE · open"))
        #expect(markdown.contains("- **U0BOB**: read\n- **U0CAROL**: open question\n- **U0DAN**: not read"))
        #expect(markdown.contains("question_raised by U0CAROL"))

        let rows = HistoryExport.csv([preread]).components(separatedBy: "\r\n")
        #expect(rows.count == 5)
        #expect(rows[1].hasSuffix(",Q3 planning,2026-11-24T08:00:00.123Z"))
    }
}
