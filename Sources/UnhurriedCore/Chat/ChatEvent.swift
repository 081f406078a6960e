import Foundation

/// Something people did in the chat that bears on an item, as every adapter reports it.
public enum ChatEvent: Sendable, Equatable {
    /// A person replied under a message; `text` is what they wrote, as readable text.
    case threadReply(channel: ChatChannel, parentRef: String, user: ChatUserID, text: String)
    /// A person marked a message with the reaction that means "done" (✅ on Slack).
    case doneReaction(channel: ChatChannel, messageRef: String, user: ChatUserID)
    /// A person marked a message with another reaction Unhurried knows by name; the policy's `track_reaction` makes the
    /// message an ask.
    case reaction(channel: ChatChannel, messageRef: String, user: ChatUserID, reaction: ReactionName)
    /// A person addressed the bot in a message (`@unhurried ask @bob …`), where slash commands do not work, such
    /// as in a thread. `tokens` are the message's words without the bot's own mention; the answer goes to the
    /// thread of `messageRef` (or of `threadRef`, when the message is itself in a thread).
    case mention(channel: ChatChannel, user: ChatUserID, tokens: [CommandToken], messageRef: String, threadRef: String?)
    /// A person wrote to the bot in their direct conversation with it: in the thread of a reminder, a reply to it;
    /// otherwise (on its own, or under a standup prompt) a standup answer.
    case directMessage(channel: ChatChannel, user: ChatUserID, text: String, messageRef: String, threadRef: String?)
    /// A person became a member of a channel (never the bot itself): a newcomer, where the policy welcomes them.
    case joined(channel: ChatChannel, user: ChatUserID)
}

public enum ChatEventError: Error {
    /// The command ran and its effect is stored, but its answer could not be queued: handling the event again
    /// would repeat the command, so it must count as handled.
    case answerNotQueued(CommandOutcome, underlying: any Error)
}

/// What handling an event did.
public enum ChatEventResult: Sendable {
    /// An item's state changed; its card needs updating.
    case itemChanged(Item)
    /// A command given by mention ran; its answer (and any card) is queued.
    case commandRan(CommandOutcome)
    /// A newcomer's welcome is queued for their DM.
    case welcomeQueued
    /// The event did not concern Unhurried, or changed nothing.
    case nothing
}

/// Turns chat events about an item's messages into responses: a reply by an assignee under the item's card is
/// their first response; a done reaction by an assignee finishes their part. Events about other messages, or
/// by people with no part in the item, change nothing. A direct message from someone in a standup is their answer.
/// The policy's track reaction on any message makes it an ask, read back through the platform's `MessageReader`.
public struct ChatEventHandler: Sendable {
    private let store: any ItemStore & PeopleStore & OutboxStore & StandupStore
    private let policy: LivePolicy
    private let responses: ItemResponses
    private let commands: CommandHandler
    private let standupAnswers: StandupAnswers
    private let welcomes: Welcomes
    /// By platform name.
    private let readers: [String: any MessageReader]

    public init(
        store: any ItemStore & PeopleStore & OutboxStore & StandupStore & DecisionLog, policy: LivePolicy, commands: CommandHandler,
        readers: [String: any MessageReader] = [:]
    ) {
        self.store = store
        self.policy = policy
        responses = ItemResponses(store: store, policy: policy)
        self.commands = commands
        standupAnswers = StandupAnswers(store: store, policy: policy)
        welcomes = Welcomes(store: store, policy: policy, people: commands)
        self.readers = readers
    }

    /// Whether the event is about one of Unhurried's messages (or addresses the bot): only those are worth
    /// recording, and most replies and reactions in a busy channel are about something else.
    public func concernsAnItem(_ event: ChatEvent) async throws -> Bool {
        switch event {
        case .threadReply(let channel, let ref, _, _), .doneReaction(let channel, let ref, _):
            return try await store.itemID(postedAs: ref, in: channel) != nil
        case .mention:
            return true
        case .reaction(let channel, _, _, let reaction):
            return reaction == policy.current.trackReaction && readers[channel.platform] != nil
        case .directMessage(let channel, let user, _, _, let threadRef):
            if let threadRef, try await store.itemID(postedAs: threadRef, in: channel) != nil { return true }
            return standupAnswers.isMember(user, in: channel.workspace)
        case .joined(let channel, _):
            return policy.current.welcomesNewcomers(inChannel: channel.channelID)
        }
    }

    public func handle(_ event: ChatEvent, now: Date) async throws -> ChatEventResult {
        switch event {
        case .threadReply(let channel, let parentRef, let user, let text):
            return try await reply(text, under: parentRef, in: channel, by: user, now: now)
        case .doneReaction(let channel, let messageRef, let user):
            guard let id = try await store.itemID(postedAs: messageRef, in: channel),
                  let item = try await store.item(id, in: channel.workspace), item.assignment(of: user) != nil else { return .nothing }
            return Self.result(try await responses.finish(id, by: user, in: channel.workspace, now: now))
        case .reaction(let channel, let messageRef, let user, let reaction):
            guard reaction == policy.current.trackReaction else { return .nothing }
            return try await track(messageRef, in: channel, by: user, now: now)
        case .mention(let channel, let user, let tokens, let messageRef, let threadRef):
            // Addressing the bot is a catch-all command: the first word is the verb, as in `/async ask …`.
            let outcome = try await commands.handle(
                IncomingCommand(commandName: "async", tokens: tokens, speaker: user, channel: channel, messageRef: messageRef), now: now)
            try await answer(messageRef, in: channel, threadRef: threadRef, with: outcome, now: now)
            return .commandRan(outcome)
        case .directMessage(let channel, let user, let text, let messageRef, let threadRef):
            if let threadRef, try await store.itemID(postedAs: threadRef, in: channel) != nil {
                return try await reply(text, under: threadRef, in: channel, by: user, now: now)
            }
            guard !text.allSatisfy(\.isWhitespace) else { return .nothing }
            let recorded = try await standupAnswers.record(
                text, from: user, via: .directMessage(in: channel, messageRef: messageRef, parentRef: threadRef), now: now)
            let outcome = CommandOutcome(reply: MessageComposer.standupAnswer(recorded))
            try await answer(messageRef, in: channel, threadRef: threadRef, with: outcome, now: now)
            return .commandRan(outcome)
        case .joined(let channel, let user):
            return try await welcomes.welcome(user, to: channel, now: now) ? .welcomeQueued : .nothing
        }
    }

    /// A reply under one of an item's posts is the replier's first response. What its author or an assignee wrote where
    /// the item is — not in a direct conversation with the bot, which is private — is kept in the item's history, so the
    /// answer stays with the ask; other people's replies are theirs to keep. The author's reply answers the assignees'
    /// open requests for more, who are called back.
    private func reply(
        _ text: String, under parentRef: String, in channel: ChatChannel, by user: ChatUserID, now: Date
    ) async throws -> ChatEventResult {
        guard let id = try await store.itemID(postedAs: parentRef, in: channel) else { return .nothing }
        // Acknowledged first: a failure after it has the platform send the event again, which then only keeps the
        // reply; the other way round, a failed acknowledgement would keep the reply twice.
        let outcome = try await responses.acknowledge(id, by: user, in: channel.workspace, now: now)
        let said = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !said.isEmpty, let item = outcome.item, item.channel == channel,
           item.author == user || item.assignment(of: user) != nil {
            let kept = MessageComposer.excerpt(said, limit: Self.longestReply)
            if case .changed(let answered) = try await responses.answerInfoRequests(item, with: kept, by: user, now: now) {
                return .itemChanged(answered)
            }
            try await store.append(ItemEvent(kind: .replied, actor: user, at: now, text: kept), to: id)
        }
        return Self.result(outcome)
    }

    /// A reply longer than a command may be is kept shortened: the rest stays in the chat.
    static let longestReply = CommandGrammar.longestText

    /// The message is read back from the platform and becomes an ask with its card in the message's thread. Whoever
    /// reacted is told privately when it cannot become one, or is tracked already (then by someone else, at once).
    private func track(_ messageRef: String, in channel: ChatChannel, by user: ChatUserID, now: Date) async throws -> ChatEventResult {
        guard let reader = readers[channel.platform], let message = try await reader.message(messageRef, in: channel) else { return .nothing }
        let outcome = try await commands.track(message, ref: messageRef, in: channel, by: user, now: now)
        if outcome.createdItem != nil { return .commandRan(outcome) }
        do {
            try await store.queue([QueuedPost(
                idempotencyKey: .trackAnswer(to: messageRef, in: channel, reactor: user), channel: channel, kind: .notice, itemID: nil,
                threadRef: message.threadRef, body: outcome.reply, privateTo: user, dueAt: now)])
        } catch {
            throw ChatEventError.answerNotQueued(outcome, underlying: error)
        }
        return .commandRan(outcome)
    }

    /// The answer goes into the thread the person wrote in; keyed by their message, it is posted once.
    private func answer(_ messageRef: String, in channel: ChatChannel, threadRef: String?, with outcome: CommandOutcome, now: Date) async throws {
        do {
            try await store.queue([QueuedPost(
                idempotencyKey: .answer(to: messageRef, in: channel), channel: channel,
                kind: .notice, itemID: outcome.createdItem?.id, threadRef: threadRef ?? messageRef, body: outcome.reply, dueAt: now)])
        } catch {
            throw ChatEventError.answerNotQueued(outcome, underlying: error)
        }
    }

    private static func result(_ outcome: ItemResponses.Outcome) -> ChatEventResult {
        if case .changed(let item) = outcome { return .itemChanged(item) }
        return .nothing
    }
}
