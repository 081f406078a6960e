import Foundation

extension CommandHandler {
    /// Makes `message` an ask from `asker` for the people it mentions, read as `/ask` reads its text: a `!tier` flag
    /// and a trailing `by friday` count as they would there, and the rest is the request. The ask's card goes in the
    /// message's thread. A message already tracked is not tracked again: the outcome then creates nothing.
    public func track(
        _ message: TrackedMessage, ref messageRef: String, in channel: ChatChannel, by asker: ChatUserID, now: Date
    ) async throws -> CommandOutcome {
        let policy = livePolicy.current
        let command: Command
        do {
            command = try CommandGrammar(tierNames: policy.tiers(inChannel: channel.channelID).map(\.name), maxAssignees: policy.maxAssignees)
                .read(commandName: Verb.ask.rawValue, tokens: message.tokens)
        } catch .askWithoutAssignee {
            return CommandOutcome(reply: MessageComposer.nothingToTrack(policy.trackReaction))
        } catch {
            return CommandOutcome(reply: MessageComposer.cannotTrack(error))
        }
        // Named `ask`, the grammar reads nothing else.
        guard case .ask(let ask) = command else { return CommandOutcome(reply: MessageComposer.nothingToTrack(policy.trackReaction)) }
        let incoming = IncomingCommand(commandName: Verb.ask.rawValue, tokens: message.tokens, speaker: asker, channel: channel, messageRef: messageRef)
        return try await record(
            ask, from: incoming, policy: policy, now: now, origin: message.origin(messageRef))
    }
}
