import Foundation

/// Words of async standups: the prompt in each person's DM, the answer to an answer, the digest in the channel.
extension MessageComposer {
    public static func standupPrompt(_ standup: Standup, digestAt: Date) -> ChatMessage {
        var spans: [RichText.Span] = [.bold("Your async update"), .text(" for the "), .bold(standup.channel.channelID), .text(" channel")]
        for (index, question) in standup.questions.enumerated() { spans += [.lineBreak, .text("\(index + 1). \(question)")] }
        return ChatMessage(fallbackText: "Your async update: \(standup.questions.joined(separator: " "))", blocks: [
            .section(RichText(spans)),
            .context(RichText([.text("Reply here in one message, or "), .command("update <text>"), .text("; it goes into the update posted "),
                               .time(digestAt), .text(".")])),
        ])
    }

    public static func standupAnswerRecorded(_ recorded: [(Standup, StandupRound)]) -> ChatMessage {
        guard !recorded.isEmpty else {
            return plain("You are not in an async update in this workspace; an admin adds people under `standups:` in the policy file.")
        }
        var spans: [RichText.Span] = [.text("Thanks, noted for")]
        for (index, (standup, round)) in recorded.enumerated() {
            spans += [.text(index == 0 ? " " : " and "), .bold(standup.channel.channelID), .text(" ("), .time(round.digestAt), .text(")")]
        }
        spans.append(.text(". Anything more you send before then is added to it."))
        return plain(spans)
    }

    /// Everyone's answers, then who is still to answer — named plainly, without a judgement or a status.
    public static func standupDigest(_ standup: Standup, date: LocalDate, answers: [StandupAnswer], stillToCome: [ChatUserID]) -> ChatMessage {
        var blocks: [MessageBlock] = [.section(RichText([.bold("Async update · \(date)")]))]
        for answer in answers {
            blocks.append(.section(RichText([.user(answer.person), .lineBreak, .text(answer.text)])))
        }
        if !stillToCome.isEmpty {
            var spans: [RichText.Span] = [.text("Still to come: ")]
            for (index, person) in stillToCome.enumerated() {
                if index > 0 { spans.append(.text(", ")) }
                spans.append(.user(person))
            }
            blocks.append(.context(RichText(spans + [.text(" — later answers go into the next update.")])))
        }
        return ChatMessage(fallbackText: "Async update · \(date): \(answers.count) of \(answers.count + stillToCome.count) in", blocks: blocks)
    }
}
