import Foundation

extension CommandHandler {
    /// The tiers a tracking form offers in `channel`.
    public func trackingChoices(inChannel channelID: String) -> TrackingForm.Choices {
        let policy = livePolicy.current
        return TrackingForm.Choices(
            tierNames: policy.tiers(inChannel: channelID).map(\.name), defaultTierName: policy.defaultTier(forChannel: channelID).name,
            maxAssignees: policy.maxAssignees)
    }

    /// Makes the submitted form an ask, as a reaction on the same message would (the same origin, so the message
    /// still makes one ask however it was tracked), or refuses one field with the reason `/ask` would give.
    public func track(_ form: TrackingForm.Submission, now: Date) async throws -> TrackingForm.Answer {
        let policy = livePolicy.current
        let channelID = form.channel.channelID
        var assignees: [ChatUserID] = []
        for user in form.assignees where !assignees.contains(user) { assignees.append(user) }
        guard !assignees.isEmpty else { return .refused(.assignees, reason: "Pick at least one person to ask.") }
        guard assignees.count <= policy.maxAssignees else {
            return .refused(.assignees, reason: Self.reason(MessageComposer.error(.tooManyPeople(count: assignees.count, limit: policy.maxAssignees))))
        }
        let tierNames = policy.tiers(inChannel: channelID).map(\.name)
        if let tier = form.tierName, !tierNames.contains(tier) {
            return .refused(.tier, reason: Self.reason(MessageComposer.error(.unknownTier(tier, known: tierNames))))
        }
        let words = form.request.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { return .refused(.request, reason: "Say what you are asking for.") }
        let clause = Self.deadlineClause(form.deadline)
        if let clause {
            // Read here, in the asker's hours, only to name the field that is wrong; the ask reads it again.
            let hours = try await workingTime(of: [form.asker], in: form.channel, policy: policy, now: now).hours[form.asker] ?? policy.workingHours
            do {
                _ = try TimeExpressionReader(now: now, speakerHours: hours).read(clause)
            } catch {
                return .refused(.deadline, reason: MessageComposer.unreadableTime(
                    error, clause: clause.joined(separator: " "), noun: "the deadline", retry: "").fallbackText
                    .trimmingCharacters(in: .whitespaces))
            }
        }
        let ask = AskRequest(
            assignees: assignees, request: words.joined(separator: " "), links: words.compactMap(Link.bare), tierName: form.tierName,
            deadlineClause: clause)
        let incoming = IncomingCommand(
            commandName: Verb.ask.rawValue, tokens: assignees.map(CommandToken.mention) + words.map(CommandToken.word), speaker: form.asker,
            channel: form.channel, messageRef: form.message.messageRef)
        let outcome = try await record(ask, from: incoming, policy: policy, now: now, origin: form.message)
        // With the deadline read above, only a message tracked already records nothing.
        guard outcome.createdItem != nil else { return .refused(.request, reason: Self.reason(outcome.reply)) }
        return .tracked(outcome)
    }

    /// The typed deadline as `/ask` words it: opened by `by`, `in`, `next` or `due`, or read as `by …`.
    static func deadlineClause(_ typed: String?) -> [String]? {
        let words = (typed ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = words.first else { return nil }
        return TimeExpressionReader.openers.contains(first.lowercased()) ? words : ["by"] + words
    }

    private static func reason(_ message: ChatMessage) -> String {
        message.fallbackText.trimmingCharacters(in: .whitespaces)
    }
}
