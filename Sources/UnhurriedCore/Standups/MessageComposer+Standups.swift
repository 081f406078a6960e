import Foundation

/// Words of async standups: the prompt in each person's DM, the answer to an answer, the digest in the channel.
extension MessageComposer {
    public static func standupPrompt(_ standup: Standup, digestAt: Date) -> ChatMessage {
        var spans: [RichText.Span] = [.bold("Your async update"), .text(" for "), .channel(standup.channel.channelID)]
        for (index, question) in standup.questions.enumerated() { spans += [.lineBreak, .text("\(index + 1). \(question)")] }
        return ChatMessage(fallbackText: "Your async update: \(standup.questions.joined(separator: " "))", blocks: [
            .section(RichText(spans)),
            .context(RichText([.text("Answer with "), .command("update <text>"), .text(" (on Slack, replying here works too); it goes into the update posted "),
                               .time(digestAt), .text(".")])),
        ])
    }

    public static func standupAnswer(_ outcome: StandupAnswers.Recorded) -> ChatMessage {
        let recorded: [(Standup, StandupRound)]
        switch outcome {
        case .notInAStandup:
            return plain("You are not in an async update in this workspace; an admin adds people under `standups:` in the policy file.")
        case .notAsked:
            return plain([.text("I did not take this for your update: none has asked you since the last one. "), .command("update <text>"),
                          .text(" adds it to the next one.")])
        case .recorded(let rounds):
            recorded = rounds
        }
        var spans: [RichText.Span] = [.text("Thanks, noted for")]
        for (index, (standup, round)) in recorded.enumerated() {
            spans += [.text(index == 0 ? " " : " and "), .channel(standup.channel.channelID), .text(" ("), .time(round.digestAt), .text(")")]
        }
        spans.append(.text(". Anything more you send before then is added to it."))
        return plain(spans)
    }

    /// How much of people's answers one post of a digest holds, and how many answers: within what every platform
    /// takes in a post (Mattermost's 16,383 characters is the least), whatever the answers' markup costs to write.
    static let standupPartCharacters = 10_000
    static let standupPartAnswers = 20

    /// Everyone's answers, then who is still to answer — named plainly, without a judgement or a status. Answers too
    /// long for one post go on in the posts after it, each saying which part it is; an answer is never split.
    public static func standupDigest(_ standup: Standup, date: LocalDate, answers: [StandupAnswer], stillToCome: [ChatUserID]) -> [ChatMessage] {
        var parts: [[StandupAnswer]] = []
        var characters = 0
        for answer in answers {
            if let last = parts.last, last.count < standupPartAnswers, characters + answer.text.count <= standupPartCharacters {
                parts[parts.count - 1].append(answer)
                characters += answer.text.count
            } else {
                parts.append([answer])
                characters = answer.text.count
            }
        }
        return parts.enumerated().map { index, answers in
            let title = parts.count == 1 ? "Async update · \(date)" : "Async update · \(date) · \(index + 1) of \(parts.count)"
            var blocks: [MessageBlock] = [.section(RichText([.bold(title)]))]
            for answer in answers {
                blocks.append(.section(RichText([.user(answer.person), .lineBreak, .text(answer.text)])))
            }
            if index == parts.count - 1, !stillToCome.isEmpty {
                blocks.append(.context(RichText([.text("Still to come: ")] + people(stillToCome) + [.text(" — later answers go into the next update.")])))
            }
            var digest = ChatMessage(fallbackText: "\(title): \(answers.count) answers", blocks: blocks)
            // Everyone is named, nobody called: it is posted at one hour for people in every zone.
            digest.callsPeopleNamed = false
            return digest
        }
    }
}
