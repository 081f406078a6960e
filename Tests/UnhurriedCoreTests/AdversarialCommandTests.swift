import Foundation
import Testing
import UnhurriedCore

/// Commands and deadlines built to make the grammar rescan its words: what each reads is checked at several sizes;
/// how long it takes is for `tokenizer-benchmark`, with one loose wall-clock bound per reader at 64 KiB that only a
/// rescan (seconds) would break.
@Suite struct AdversarialCommandTests {
    let grammar = CommandGrammar(tierNames: ["urgent"])
    let bob = ChatUserID("U0BOB")
    let reader = TimeExpressionReader(
        now: Date(timeIntervalSince1970: 1_795_597_200),
        speakerHours: WorkingHours(
            days: Weekday.mondayToFriday, from: TimeOfDay(hour: 9, minute: 0)!, to: TimeOfDay(hour: 17, minute: 0)!,
            timeZone: TimeZone(identifier: "Europe/Berlin")!))

    private func words(_ word: String, _ count: Int) -> [CommandToken] {
        Array(repeating: .word(word), count: count)
    }

    private func understood(reading words: [String]) -> String? {
        do {
            _ = try reader.read(words)
            return nil
        } catch .unreadable(let understood, _) {
            return understood
        } catch {
            return nil
        }
    }

    @Test(arguments: [1, 100, 1_000])
    func aDeadlineOfThousandsOfWordsIsRefusedWithWhatWasRead(count: Int) {
        #expect(understood(reading: ["by", "friday"] + Array(repeating: "at", count: count + 1)) == "by friday at")
        #expect(understood(reading: ["by"] + Array(repeating: ["end", "of", "the", "day"], count: count + 1).flatMap { $0 }) == "by eod")
        #expect(understood(reading: ["by", "friday"] + Array(repeating: "3pm))))", count: count + 1)) == "by friday 3pm")
    }

    @Test(arguments: [1, 100, 1_000])
    func aPrereadWithThousandsOfAtHasNoTime(count: Int) {
        #expect(throws: CommandError.prereadWithoutTime) {
            try grammar.read(commandName: "/preread", tokens: [.word("plan"), .mention(bob)] + words("at", count))
        }
        let schedule = PrereadRequest(title: "plan", readers: [bob], postBefore: nil, schedule: words("at", count))
        #expect(schedule.timeCandidates.first?.count == min(count, PrereadRequest.longestTime))
    }

    @Test(arguments: [1, 10, 300])
    func anAskWithHundredsOfTiersNamesEachOnce(count: Int) {
        let tiers = (0...count).map { CommandToken.word("!t\($0)") }
        #expect(throws: CommandError.conflictingTiers((0...count).map { "t\($0)" })) {
            try grammar.read(commandName: "/ask", tokens: [.mention(bob), .word("review")] + tiers + tiers)
        }
    }

    @Test(arguments: [1, 100, 1_000])
    func anAskWithThousandsOfByKeepsThemInItsRequest(count: Int) throws {
        let command = try grammar.read(commandName: "/ask", tokens: [.mention(bob), .word("review")] + words("by", count))
        #expect(command == .ask(AskRequest(
            assignees: [bob], request: "review" + String(repeating: " by", count: count), links: [], tierName: nil)))
    }

    @Test func wordsOf64KiBAreReadInWellUnderASecond() {
        let tokens = [.mention(bob)] + words("at", 64 * 1024 / 3)
        let elapsed = ContinuousClock().measure {
            #expect(throws: CommandError.self) { try grammar.read(commandName: "/preread", tokens: tokens) }
            #expect(understood(reading: ["by", "friday"] + tokens.map(\.plainText)) == "by friday")
        }
        #expect(elapsed < .seconds(1))
    }
}
