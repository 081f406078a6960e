import ChatPlatformKit
@testable import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore

/// Whatever an item holds, every post is one its platform accepts: checked here against each platform's documented
/// limits, counted independently of the renderers (Slack's Block Kit reference and what Slack enforces beyond it;
/// Mattermost's 16,383 runes a post; Matrix's 65,536 bytes an event; Teams' 100 KB a message, counted in UTF-16).
@Suite struct PlatformMessageLimitTests {
    private static let channel = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")
    private static let author = ChatUserID("U0ALICE")
    /// People's words at their most expensive to write: every character escaped on every platform.
    private static let hostileRequest = String(repeating: "&<>\"*_ ", count: 4_000 / 7)

    private static func item(assignees: Int, request: String = hostileRequest) -> Item {
        let due = Date(timeIntervalSince1970: 1_795_420_800)
        let assignments = (0..<assignees).map { Assignment(assignee: ChatUserID("U0PERSON\($0)ABCDEFGH"), dueAt: due) }
        let links = (0..<20).map { Link(url: "https://example.com/\($0)/" + String(repeating: "p", count: 150), label: "doc \($0) & <more>") }
        return Item(id: ItemID(42), status: .open, NewItem(
            kind: .ask, channel: channel, author: author, request: request, links: links, tierName: "standard", createdAt: due,
            assignments: assignments))
    }

    /// The messages most likely to break a limit: a card naming 500 people, `/show` of it with a long history, an inbox
    /// page, a reminder, and messages longer than any platform takes.
    static let messages: [(name: String, message: ChatMessage)] = {
        let crowded = item(assignees: 500)
        let events = (0..<300).map { ItemEvent(kind: .snoozed, actor: ChatUserID("U0PERSON\($0 % 500)ABCDEFGH"), at: crowded.createdAt) }
        let manyItems = (1...200).map { number in
            var item = item(assignees: 1, request: hostileRequest)
            item.id = ItemID(Int64(number))
            return item
        }
        var longLine = ChatMessage(fallbackText: hostileRequest, blocks: [.section(.text(String(repeating: hostileRequest, count: 5)))])
        longLine.callsPeopleNamed = false
        let manySections = ChatMessage(
            fallbackText: String(repeating: hostileRequest, count: 20),
            blocks: (0..<60).map { _ in .section(.text(String(hostileRequest.prefix(1_000)))) }
                + [.actions(MessageComposer.itemCard(crowded).blocks.compactMap { if case .actions(let actions) = $0 { actions } else { nil } }[0])])
        return [
            ("card naming 500 people", MessageComposer.itemCard(crowded)),
            ("show with 300 events", MessageComposer.show(ItemHistory(item: crowded, events: events))),
            ("inbox page", MessageComposer.inbox(manyItems, for: crowded.assignments[0].assignee, page: .first)),
            ("reminder", MessageComposer.followUp(.reminder, item: crowded, assignee: crowded.assignments[0].assignee)),
            ("one line of 20,000 characters", longLine),
            ("60 sections and buttons", manySections),
        ]
    }()

    private static func textLength(of value: Any) -> Int {
        switch value {
        case let object as [String: Any]:
            object.reduce(0) { $0 + ($1.key == "text" ? ($1.value as? String)?.utf16.count ?? textLength(of: $1.value) : textLength(of: $1.value)) }
        case let array as [Any]: array.reduce(0) { $0 + textLength(of: $1) }
        default: 0
        }
    }

    private static func object(_ value: JSONValue) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: value.encoded()) as? [String: Any])
    }

    @Test(arguments: messages.indices)
    func slackTakesEveryPost(_ index: Int) throws {
        let (name, message) = Self.messages[index]
        let body = try Self.object(SlackMessageRenderer.postMessage(message, channel: "C1", idempotencyKey: "k"))
        let blocks = try #require(body["blocks"] as? [[String: Any]])
        #expect(blocks.count <= 50, "\(name): \(blocks.count) blocks")
        // Undocumented but enforced: `msg_too_long` past about 4,000 characters of text, `msg_blocks_too_long` past
        // about 12,000 of text in the blocks together.
        #expect(try #require(body["text"] as? String).utf16.count <= 4_000, "\(name)")
        #expect(Self.textLength(of: blocks) <= 12_000, "\(name): \(Self.textLength(of: blocks)) characters of text")
        for block in blocks {
            switch block["type"] as? String {
            case "section":
                let text = try #require((block["text"] as? [String: Any])?["text"] as? String)
                #expect(!text.isEmpty && text.utf16.count <= 3_000, "\(name): a section of \(text.utf16.count)")
            case "context":
                let elements = try #require(block["elements"] as? [[String: Any]])
                #expect(elements.count <= 10 && elements.allSatisfy { ($0["text"] as? String ?? "").utf16.count <= 3_000 }, "\(name)")
            case "actions":
                let elements = try #require(block["elements"] as? [[String: Any]])
                #expect(elements.count <= 25, "\(name)")
                for element in elements {
                    let labels = [element["text"]] + (element["options"] as? [[String: Any]] ?? []).map { $0["text"] }
                    for case let label as [String: Any] in labels { #expect((label["text"] as? String ?? "").utf16.count <= 75, "\(name)") }
                }
            default:
                Issue.record("\(name): a block Slack was not expected to get: \(block)")
            }
        }
        #expect(blocks.contains { $0["type"] as? String == "actions" } == message.blocks.contains(where: \.isActions),
                "\(name): the buttons stay")
    }

    @Test(arguments: messages.indices)
    func mattermostTakesEveryPost(_ index: Int) throws {
        let (name, message) = Self.messages[index]
        let renderer = MattermostMessageRenderer(buttons: nil)
        let post = try Self.object(renderer.post(message, channelID: "c1", rootID: nil, idempotencyKey: "k", teamID: "t1", names: [:]))
        #expect(try #require(post["message"] as? String).unicodeScalars.count <= 16_383, "\(name)")
        let answer = try Self.object(renderer.ephemeralResponse(message, names: [:]))
        #expect(try #require(answer["text"] as? String).unicodeScalars.count <= 16_383, "\(name)")
    }

    @Test(arguments: messages.indices)
    func matrixTakesEveryEventAndEveryEdit(_ index: Int) throws {
        let (name, message) = Self.messages[index]
        let renderer = MatrixMessageRenderer(commandPrefix: "!")
        // The homeserver adds its room, sender, hashes and signatures to what is sent; a kilobyte and a half covers them.
        let envelope = 1_536
        let posted = renderer.content(message, inThreadOf: "$root:example.org", idempotencyKey: "k").encoded().count
        #expect(posted + envelope <= 65_536, "\(name): \(posted) bytes")
        let edited = renderer.edit(of: "$card:example.org", with: message).encoded().count
        #expect(edited + envelope <= 65_536, "\(name): an edit of \(edited) bytes")
    }

    @Test(arguments: messages.indices)
    func teamsTakesEveryMessage(_ index: Int) throws {
        let (name, message) = Self.messages[index]
        let activity = TeamsMessageRenderer().activity(message, names: [:], replyToID: "1795420800000")
        let bytes = String(decoding: activity.encoded(), as: UTF8.self).utf16.count * 2
        #expect(bytes <= 100 * 1024, "\(name): \(bytes) bytes in UTF-16")
        let text = String(decoding: activity.encoded(), as: UTF8.self)
        #expect(text.contains("ActionSet") == message.blocks.contains(where: \.isActions), "\(name): the buttons stay")
    }

    /// `/show` exists to give the whole text: where a platform takes it in one post, nothing is left out.
    @Test func showKeepsEveryWordOfTheLongestAsk() throws {
        let words = (1...700).map { "w\($0)&" }.joined(separator: " ")
        let message = MessageComposer.show(ItemHistory(item: Self.item(assignees: 3, request: words), events: []))
        let body = try Self.object(SlackMessageRenderer.postMessage(message, channel: "C1", idempotencyKey: "k"))
        let sections = try #require(body["blocks"] as? [[String: Any]]).compactMap { ($0["text"] as? [String: Any])?["text"] as? String }
        let slack = sections.joined(separator: " ")
        #expect((1...700).allSatisfy { slack.contains("w\($0)&amp;") })
        #expect(sections.count > 1)

        let mattermost = try Self.object(MattermostMessageRenderer(buttons: nil).post(
            message, channelID: "c1", rootID: nil, idempotencyKey: nil, teamID: "t1", names: [:]))["message"] as? String ?? ""
        #expect(mattermost.contains("w700&"))
        let matrix = try Self.object(MatrixMessageRenderer(commandPrefix: "!").content(message, inThreadOf: nil, idempotencyKey: nil))
        #expect((matrix["body"] as? String ?? "").contains("w700&"))
    }
}
