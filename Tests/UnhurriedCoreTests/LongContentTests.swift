import Foundation
import Testing
import UnhurriedCore

/// Long text and long lists: cards shorten what people wrote and point to `/show`, which has it all; lists come a page
/// at a time; and a platform's last guard cuts a message to what it accepts without losing its buttons.
@Suite struct LongContentTests {
    private func itemIDs(in message: ChatMessage) -> [String] {
        message.blocks.flatMap { block -> [String] in
            guard case .section(let text) = block else { return [] }
            return text.spans.compactMap { if case .bold(let bold) = $0, bold.hasPrefix("#") { bold } else { nil } }
        }
    }

    @Test func aLongAskIsShortenedOnItsCardAndWholeInShow() async throws {
        let team = InMemoryTeam()
        let request = (1...400).map { "word\($0)" }.joined(separator: " ")
        let item = try await team.ask("@U0BOB \(request)")
        #expect(item.request == request)

        let card = MessageComposer.itemCard(item).words
        #expect(!card.contains("word400") && card.contains("word1 ") && card.contains("…"))
        let hint = try #require(MessageComposer.itemCard(item).blocks.last)
        #expect(hint == .context(RichText([.command("show \(item.id.rawValue)"), .text(" has the whole ask · "), .text("Reply in this thread to answer · "),
                                           .command("done \(item.id.rawValue)"), .text(" when finished")])))

        _ = try await team.command("ack", "\(item.id.rawValue)", by: team.bob)
        let shown = try await team.command("show", "\(item.id.rawValue)", by: team.carol).reply
        let text = shown.words
        #expect(text.contains(request))
        #expect(text.contains("acknowledged · @U0BOB") && text.contains("created · @U0ALICE"))
        #expect(!shown.callsPeopleNamed)
    }

    @Test func aShortAskNeedsNoShowHint() async throws {
        let team = InMemoryTeam()
        let item = try await team.ask("@U0BOB review the plan")
        #expect(MessageComposer.itemCard(item).blocks.last == .context(RichText([
            .text("Reply in this thread to answer · "), .command("done \(item.id.rawValue)"), .text(" when finished"),
        ])))
    }

    @Test func showNamesNoItemOfAnotherWorkspace() async throws {
        let team = InMemoryTeam()
        let reply = try await team.command("show", "99", by: team.bob).reply
        #expect(reply.fallbackText.hasPrefix("There is no item #99"))
    }

    @Test func anInboxOfTwoHundredComesInPagesOfTwentyFive() async throws {
        let team = InMemoryTeam()
        var asked: [ItemID] = []
        for number in 1...200 { asked.append(try await team.ask("@U0BOB task \(number)").id) }

        let first = try await team.command("inbox", by: team.bob).reply
        #expect(itemIDs(in: first) == asked.prefix(25).map(\.description))
        #expect(first.blocks.last == .context(RichText([.text("1–25 of 200 · page 1 of 8"), .text(" · "), .command("inbox 2"), .text(" for the next")])))

        var listed: [String] = []
        for page in 1...8 { listed += itemIDs(in: try await team.command("inbox", "\(page)", by: team.bob).reply) }
        #expect(listed == asked.map(\.description))
        let last = try await team.command("inbox", "8", by: team.bob).reply
        #expect(last.blocks.last == .context(RichText([.text("176–200 of 200 · page 8 of 8")])))

        let beyond = try await team.command("inbox", "9", by: team.bob).reply
        #expect(beyond.fallbackText == "There are 8 pages of 200; `inbox 8` shows the last.")
        let huge = try await team.command("sent", "\(Int.max)", by: team.alice).reply
        #expect(huge.fallbackText == "There are 8 pages of 200; `sent 8` shows the last.")
    }

    @Test func fittingKeepsTheActionsAndCutsTheText() {
        let actions = MessageBlock.actions([MessageAction(kind: .done, itemID: ItemID(1), label: "Done")])
        let message = ChatMessage(fallbackText: "x", blocks: [
            .section(RichText([.bold("Title"), .lineBreak, .text(String(repeating: "a", count: 500))])), actions,
            .context("more words here"),
        ])
        let fitted = message.fitted { $0.blocks.reduce(0) { total, block in
            if case .section(let text) = block { total + text.plainText.count } else { total }
        } <= 100 }
        #expect(fitted.blocks.count == 2)
        #expect(fitted.blocks[1] == actions)
        guard case .section(let text) = fitted.blocks[0] else { Issue.record("no section"); return }
        #expect(text.plainText.count == 100 && text.plainText.hasSuffix("a…") && text.plainText.hasPrefix("Title\naaa"))
    }

    @Test func piecesSplitALongParagraphAfterASpaceAndLoseNothing() {
        let words = (1...300).map { "w\($0)" }.joined(separator: " ")
        let text = RichText([.bold("Heading "), .text(words), .user(ChatUserID("U1"))])
        let pieces = text.pieces { $0.plainText.count <= 200 }
        #expect(pieces.count > 1)
        #expect(pieces.allSatisfy { $0.plainText.count <= 200 })
        #expect(pieces.map(\.plainText).joined() == text.plainText)
        #expect(pieces.dropLast().allSatisfy { $0.plainText.hasSuffix(" ") })
    }

    @Test func anUncuttableSpanTooLongForAnyPieceIsCut() {
        let link = Link(url: "https://example.com/" + String(repeating: "x", count: 500), label: nil)
        let pieces = RichText([.text("see "), .link(link), .text(" now")]).pieces { $0.plainText.count <= 100 }
        #expect(pieces.map(\.plainText) == ["see ", "…", " now"])
    }
}
