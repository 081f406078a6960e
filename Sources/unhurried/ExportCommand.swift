import ArgumentParser
import Foundation
import Logging
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write asks, decisions and pre-reads with their history as Markdown, CSV or JSON, for a team's wiki or spreadsheet.",
        discussion: """
            Writes to standard output; instants are UTC. JSON holds everything (and is what a later import would read);
            CSV has one row per assignee or reader (and one per decision); Markdown is a readable decision log, then the
            asks and the pre-reads, by channel.

              unhurried export --format markdown --since 2026-11-01 --channel C0GENERAL > asks.md
            """)

    @Option(help: "markdown, csv or json.") var format: HistoryExport.Format = .markdown
    @Option(help: "Only what was created on or after this date (YYYY-MM-DD, UTC) or instant (2026-11-01T09:00:00Z).")
    var since: String?
    @Option(help: "Only what is in this channel (its id on the platform).") var channel: String?
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        var createdSince: Date?
        if let since {
            guard let date = Self.instant(since) else {
                throw ValidationError("--since \(since) is not a date (2026-11-01) or an instant (2026-11-01T09:00:00Z)")
            }
            createdSince = date
        }
        var logger = Logger(label: "unhurried")
        logger.logLevel = .warning
        let histories = try await database.withStore(logger: logger) { store in
            try await store.itemHistories(HistoryQuery(createdSince: createdSince, channelID: channel))
        }
        FileHandle.standardOutput.write(Data(HistoryExport.render(histories, as: format, exportedAt: Date()).utf8))
        func count(_ kind: ItemKind) -> Int { histories.filter { $0.item.kind == kind }.count }
        FileHandle.standardError.write(Data("Exported \(count(.ask)) asks, \(count(.decision)) decisions and \(count(.preread)) pre-reads.\n".utf8))
    }

    static func instant(_ text: String) -> Date? {
        if let date = LocalDate(parsing: text) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))
        }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}

extension HistoryExport.Format: ExpressibleByArgument {}
