import Foundation
import Testing
import UnhurriedCore

/// Text typed to make the bot notify a whole channel or hide where a link goes, carried the way the bot carries any ask:
/// a platform's tokens read as `/ask`, recorded, then composed as the card and as a reminder.
enum HostileText {
    struct Case: Sendable, CustomTestStringConvertible {
        /// The ask's text after its assignee, as the platform sends it.
        var typed: String
        /// What the card shows of it.
        var shows: String

        var testDescription: String { typed }
    }

    static let createdAt = Date(timeIntervalSince1970: 1_795_420_800)

    /// The card and the reminder of the ask `tokens` make. `tokens` name the assignee first.
    static func posts(asking tokens: [CommandToken], in channel: ChatChannel, by author: ChatUserID) throws -> [ChatMessage] {
        guard case .ask(let ask) = try CommandGrammar(tierNames: ["standard"]).read(commandName: "/ask", tokens: tokens) else {
            throw Unreadable.notAnAsk
        }
        let assignee = try #require(ask.assignees.first)
        let item = Item(id: ItemID(1), status: .open, NewItem(
            kind: .ask, channel: channel, author: author, request: ask.request, links: ask.links, tierName: "standard",
            createdAt: createdAt, assignments: [Assignment(assignee: assignee, dueAt: createdAt.addingTimeInterval(86_400))]))
        return [MessageComposer.itemCard(item), MessageComposer.followUp(.reminder, item: item, assignee: assignee)]
    }

    enum Unreadable: Error { case notAnAsk }

    /// Each match of `pattern` in `text`, as its capture groups.
    static func matches(of pattern: String, in text: String) throws -> [[String]] {
        try text.matches(of: Regex(pattern)).map { match in
            match.output.dropFirst().map { $0.substring.map(String.init) ?? "" }
        }
    }
}
