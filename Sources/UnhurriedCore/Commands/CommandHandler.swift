import Foundation

/// What the platform should answer the person who typed a command, and what the command created.
public struct CommandOutcome: Sendable {
    public var reply: ChatMessage
    /// The item the command recorded; its card is queued in the outbox, so the delivery worker should look now.
    public var createdItem: Item?
    /// The command moved open deadlines: card updates and notices are queued, and follow-ups were planned anew.
    public var movedDeadlines: Bool
    /// The command changed an item (`done`, `ack`, `clarify`, …): its card's update, and any call it queued, wait in
    /// the outbox, so the delivery worker should look now.
    public var changedItem: Bool

    public init(reply: ChatMessage, createdItem: Item? = nil, movedDeadlines: Bool = false, changedItem: Bool = false) {
        self.reply = reply
        self.createdItem = createdItem
        self.movedDeadlines = movedDeadlines
        self.changedItem = changedItem
    }
}

/// Carries out commands: reads them, applies the policy, stores the result and composes the answer.
public struct CommandHandler: Sendable {
    let store: any CommandStore
    let livePolicy: LivePolicy
    private let people: PeopleSettingsReader
    let responses: ItemResponses
    private let deadlines: DeadlineMover
    /// Which channels a decision search may read, per platform.
    let readableChannels: ReadableChannels

    /// How many decisions a search answers with.
    static let decisionMatches = 5

    /// How far ahead `/overlap` looks: a week, so every working day comes once.
    static let overlapSpan: TimeInterval = 7 * 86_400

    /// A decision to record, published to the policy's targets that cover its channel.
    private static func newDecision(
        _ decision: DecisionRequest, from incoming: IncomingCommand, policy: ResponsePolicy, now: Date, supersedes: ItemID?
    ) -> NewItem {
        NewItem(
            kind: .decision, channel: incoming.channel, author: incoming.speaker, request: decision.text, links: decision.links,
            tierName: "decision", createdAt: now, assignments: [], supersedes: supersedes,
            publishTo: policy.publicationTargets(forChannel: incoming.channel.channelID))
    }

    /// `directories` give people's profile zones; `channelDirectories` say which channels someone may read, for
    /// searching decisions beyond the channel they type in (without one, a platform's searches stay in that channel);
    /// `profileLookupBudget` is how long a command waits for the profile of someone not yet known.
    public init(
        store: any CommandStore, policy: LivePolicy, directories: [String: any UserDirectory] = [:],
        channelDirectories: [String: any ChannelDirectory] = [:], profileLookupBudget: Duration = .milliseconds(300)
    ) {
        self.store = store
        readableChannels = ReadableChannels(directories: channelDirectories)
        self.livePolicy = policy
        people = PeopleSettingsReader(store: store, directories: directories, lookupBudget: profileLookupBudget)
        responses = ItemResponses(store: store, policy: policy)
        deadlines = DeadlineMover(store: store, policy: policy)
    }

    public func handle(_ incoming: IncomingCommand, now: Date) async throws -> CommandOutcome {
        var outcome = try await carryOut(incoming, now: now)
        // The answer is for the one person who typed the command: its instants are written in their zone where a
        // platform cannot show each reader's own. That zone is read from the store only, and only when the answer
        // shows an instant and the command has not read them already: the platform's deadline leaves no time to
        // wait on the directory a second time.
        if outcome.reply.showsAnInstant, outcome.reply.readerTimeZone == nil {
            let settings = try await store.settings(of: [incoming.speaker], in: incoming.channel.workspace)[incoming.speaker]
            outcome.reply.readerTimeZone = livePolicy.current.workingHours(
                for: incoming.speaker, inChannel: incoming.channel.channelID, personal: settings).timeZone
        }
        return outcome
    }

    private func carryOut(_ incoming: IncomingCommand, now: Date) async throws -> CommandOutcome {
        let policy = livePolicy.current
        let command: Command
        do {
            command = try CommandGrammar(tierNames: policy.tiers(inChannel: incoming.channel.channelID).map(\.name), maxAssignees: policy.maxAssignees)
                .read(commandName: incoming.commandName, tokens: incoming.tokens)
        } catch {
            return CommandOutcome(reply: MessageComposer.error(error))
        }
        let workspace = incoming.channel.workspace
        func answer(_ change: ItemChange, _ outcome: ItemResponses.Outcome) -> CommandOutcome {
            let changed = if case .changed = outcome { true } else { false }
            return CommandOutcome(reply: MessageComposer.response(outcome, to: change, by: incoming.speaker), changedItem: changed)
        }
        switch command {
        case .ask(let ask):
            return try await record(ask, from: incoming, policy: policy, now: now)
        case .inbox(let page):
            // A pre-read waits on its readers from when it is posted until its meeting starts.
            let items = try await store.openItems(assignedTo: incoming.speaker, in: workspace)
                .filter { $0.meeting.map { $0.postAt <= now && $0.startsAt > now } ?? true }
            return CommandOutcome(reply: MessageComposer.inbox(items, for: incoming.speaker, page: page))
        case .sent(let page):
            let items = try await store.openItems(authoredBy: incoming.speaker, in: workspace).filter { $0.kind == .ask }
            return CommandOutcome(reply: MessageComposer.sent(items, page: page))
        case .show(let id):
            guard let history = try await store.itemHistories(HistoryQuery(workspace: workspace, itemID: id)).first,
                  await mayRead(history.item, speaker: incoming.speaker, typingIn: incoming.channel, now: now) else {
                return CommandOutcome(reply: MessageComposer.noSuchItem(id))
            }
            return CommandOutcome(reply: MessageComposer.show(history))
        case .done(let id):
            return answer(.finish, try await responses.finish(id, by: incoming.speaker, in: workspace, now: now))
        case .cancel(let id):
            return answer(.cancel, try await responses.cancel(id, by: incoming.speaker, in: workspace, now: now))
        case .acknowledge(let id):
            return answer(.acknowledge, try await responses.acknowledge(id, by: incoming.speaker, in: workspace, now: now))
        case .requestInfo(let id, let question):
            let outcome = try await responses.requestInfo(id, by: incoming.speaker, question: question, in: workspace, now: now)
            if case .changed(let item) = outcome {
                return CommandOutcome(reply: MessageComposer.infoRequested(item, withQuestion: !question.isEmpty), changedItem: true)
            }
            return answer(.requestInfo, outcome)
        case .snooze(let id, let length):
            return answer(.snooze, try await responses.snooze(id, by: incoming.speaker, in: workspace, for: length, now: now))
        case .help:
            return CommandOutcome(reply: MessageComposer.help)
        case .policy:
            return CommandOutcome(reply: MessageComposer.policy(policy, channel: incoming.channel.channelID))
        case .stats(let days):
            let figures = try await StatisticsReader(store: store, policy: policy).figures(
                days: days, workspace: workspace, channelID: incoming.channel.channelID, now: now)
            return CommandOutcome(reply: MessageComposer.stats(figures, days: days))
        case .decide(let decision):
            let item = try await store.create(Self.newDecision(decision, from: incoming, policy: policy, now: now, supersedes: nil))
            return CommandOutcome(reply: MessageComposer.decisionRecorded(item), createdItem: item)
        case .supersede(let id, let decision):
            // Only where it was decided: a decision in a channel someone is not in is not theirs to replace.
            guard let earlier = try await store.item(id, in: workspace), earlier.channel == incoming.channel else {
                return CommandOutcome(reply: MessageComposer.cannotSupersede(id, found: nil))
            }
            // Marked first: of two people replacing it at once, one does, and the other is told so with nothing recorded.
            guard case .changed = try await responses.supersede(earlier.id, by: incoming.speaker, in: workspace, now: now) else {
                return CommandOutcome(reply: MessageComposer.cannotSupersede(id, found: try await store.item(id, in: workspace)))
            }
            let item = try await store.create(Self.newDecision(decision, from: incoming, policy: policy, now: now, supersedes: earlier.id))
            return CommandOutcome(reply: MessageComposer.decisionRecorded(item), createdItem: item)
        case .searchDecisions(let words):
            return CommandOutcome(reply: try await searchDecisions(matching: words, for: incoming.speaker, typingIn: incoming.channel, now: now))
        case .searchItems(let words):
            return CommandOutcome(reply: try await searchItems(matching: words, for: incoming.speaker, typingIn: incoming.channel, now: now))
        case .preread(let preread):
            return try await schedule(preread, from: incoming, policy: policy, now: now)
        case .cancelPreread(let id):
            return answer(.cancel, try await responses.cancel(id, by: incoming.speaker, in: workspace, now: now, kinds: [.preread]))
        case .readPreread(let id):
            return answer(.markRead, try await responses.finish(id, by: incoming.speaker, in: workspace, now: now, kinds: [.preread]))
        case .questionPreread(let id):
            return answer(.raiseQuestion, try await responses.acknowledge(id, by: incoming.speaker, in: workspace, now: now, kinds: [.preread]))
        case .update(let text):
            let recorded = try await StandupAnswers(store: store, policy: livePolicy).record(
                text, from: incoming.speaker, via: .command(in: incoming.channel, messageRef: incoming.messageRef), now: now)
            return CommandOutcome(reply: MessageComposer.standupAnswer(recorded))
        case .listPrereads:
            return CommandOutcome(reply: MessageComposer.prereads(try await store.upcomingPrereads(in: incoming.channel, after: now)))
        case .overlap(let people):
            let others = people.filter { $0 != incoming.speaker }
            let hours = try await workingTime(of: [incoming.speaker] + others, in: incoming.channel, policy: policy, now: now).hours
            let shared = SharedHours.between(
                ([incoming.speaker] + others).map { hours[$0] ?? policy.workingHours }, from: now, to: now.addingTimeInterval(Self.overlapSpan))
            return CommandOutcome(reply: MessageComposer.overlap(
                shared, of: others, hours: hours, speaker: incoming.speaker, days: Int(Self.overlapSpan / 86_400)))
        case .showHours, .setHours, .resetHours, .setNudges, .showAway, .addAway, .clearAway:
            let team = policy.workingHours(for: incoming.speaker, inChannel: incoming.channel.channelID)
            return try await changeOwnTime(command, of: incoming.speaker, in: workspace, teamHours: team, now: now)
        }
    }

    /// `/hours` and `/away`: each person's own working time, which their deadlines are counted in.
    private func changeOwnTime(
        _ command: Command, of user: ChatUserID, in workspace: WorkspaceRef, teamHours: WorkingHours, now: Date
    ) async throws -> CommandOutcome {
        var settings = try await store.settings(of: [user], in: workspace)[user] ?? PersonalSettings()
        switch command {
        case .setHours(let change):
            if let zone = change.timeZoneName { settings.timeZoneName = zone }
            if let schedule = change.schedule { settings.change(schedule) }
            switch change.focus {
            case .set(let focus)?: settings.focus = focus
            case .off?: settings.focus = .empty
            case .team?: settings.focus = nil
            case nil: break
            }
            try await store.saveHours(settings, of: user, in: workspace)
        case .resetHours:
            settings = settings.withoutOwnHours
            try await store.saveHours(settings, of: user, in: workspace)
        case .setNudges(let mode):
            settings.nudges = mode
            try await saveNudges(of: user, settings, in: workspace, policy: livePolicy.current, now: now)
        case .addAway(let typed):
            let hours = settings.workingHours(teamDefault: teamHours)
            let days: (first: LocalDate, last: LocalDate)
            do {
                days = try TimeExpressionReader(now: now, speakerHours: hours).readDays(typed)
            } catch {
                return CommandOutcome(reply: MessageComposer.unreadableAway(error, typed: typed))
            }
            guard let range = DateRange(first: days.first, last: days.last), range.isAtMostAYear else {
                return CommandOutcome(reply: MessageComposer.awayNotOneStretch(typed, first: days.first, last: days.last))
            }
            guard range.last >= LocalDate(of: now, in: hours.timeZone) else { return CommandOutcome(reply: MessageComposer.awayInThePast(range)) }
            // Recorded together with the open deadlines it moves, so neither is kept without the other.
            let moved = try await deadlines.recordAway(range, for: user, in: workspace, now: now)
            settings.away.append(range)
            var reply = MessageComposer.awayRecorded(settings.away, added: range, moved: moved)
            reply.readerTimeZone = hours.timeZone
            return CommandOutcome(reply: reply, movedDeadlines: !moved.isEmpty)
        case .clearAway:
            // Deadlines moved for the time away stay: someone was told them, and an earlier one would come as a surprise.
            try await store.clearAway(for: user, in: workspace)
            return CommandOutcome(reply: MessageComposer.awayCleared)
        case .showAway:
            return CommandOutcome(reply: MessageComposer.away(settings.away))
        default:
            break
        }
        return CommandOutcome(reply: MessageComposer.hours(settings.workingHours(teamDefault: teamHours), own: settings))
    }

    func record(
        _ ask: AskRequest, from incoming: IncomingCommand, policy: ResponsePolicy, now: Date, origin: ItemOrigin? = nil
    ) async throws -> CommandOutcome {
        let channelID = incoming.channel.channelID
        let tier = ask.tierName.flatMap { policy.tier(named: $0, inChannel: channelID) } ?? policy.defaultTier(forChannel: channelID)
        // Each person's hours once: they are needed for the deadline, the window and the first follow-up.
        let people = try await workingTime(of: ask.assignees + [incoming.speaker], in: incoming.channel, policy: policy, now: now)
        let hoursByUser = people.hours
        func hours(of user: ChatUserID) -> WorkingHours { hoursByUser[user] ?? policy.workingHours }
        var explicitDeadline: Date?
        if let clause = ask.deadlineClause {
            do {
                explicitDeadline = try TimeExpressionReader(now: now, speakerHours: hours(of: incoming.speaker)).read(clause)
            } catch {
                return CommandOutcome(reply: MessageComposer.unreadableDeadline(error, clause: clause.joined(separator: " ")))
            }
        }
        // Each assignee's window is counted in their own working time; an explicit deadline replaces it, or caps
        // it when the policy says the earlier one wins, but gives at least the tier's minimum notice.
        var movedToMinimumNotice = false
        let assignments = ask.assignees.map { assignee -> Assignment in
            let window = { policy.deadline(for: tier, createdAt: now, workingHours: hours(of: assignee)) }
            var due: Date = switch (explicitDeadline, policy.explicitDeadlines) {
            case (nil, _): window()
            case (let explicit?, .replace): explicit
            case (let explicit?, .earlier): min(explicit, window())
            }
            if explicitDeadline != nil, let earliest = policy.earliestDeadline(for: tier, createdAt: now, workingHours: hours(of: assignee)),
               due < earliest {
                due = earliest
                movedToMinimumNotice = true
            }
            // Only a deadline counted in the assignee's hours waits on their zone; an explicit one is the asker's instant, and
            // one the tier's window made earlier than it must never be planned again past it.
            return Assignment(
                assignee: assignee, dueAt: due, plannedInTeamZone: explicitDeadline == nil && people.zoneAwaited.contains(assignee))
        }
        let new = NewItem(
            kind: .ask, channel: incoming.channel, author: incoming.speaker, request: ask.request, links: ask.links,
            tierName: tier.name, createdAt: now, assignments: assignments, origin: origin)
        let planned = FollowUpPlanner(policy: policy).planningFirstFollowUps(of: new, hours: hoursByUser, ownNudges: people.ownNudges, after: now)
        let item: Item
        if origin != nil {
            let stored = try await store.createOnce(planned)
            guard stored.created else { return CommandOutcome(reply: MessageComposer.alreadyTracked(stored.item)) }
            item = stored.item
        } else {
            item = try await store.create(planned)
        }
        var reply = MessageComposer.askRecorded(
            item, advice: ContextAdvice.review(ask), explicitDeadline: explicitDeadline != nil, misreadDeadline: ask.misreadDeadline,
            tierMeans: tier.means, minimumNotice: movedToMinimumNotice ? (tier, ask.deadlineClause?.joined(separator: " ") ?? "") : nil)
        // The asker's hours were read for the deadline; their zone is the answer's.
        reply.readerTimeZone = hours(of: incoming.speaker).timeZone
        return CommandOutcome(reply: reply, createdItem: item)
    }

    /// Each person's working hours in `channel` (the team's, their own settings, their profile's zone), and how those
    /// who chose one want to be reminded.
    func workingTime(
        of users: [ChatUserID], in channel: ChatChannel, policy: ResponsePolicy, now: Date
    ) async throws -> (hours: [ChatUserID: WorkingHours], ownNudges: [ChatUserID: NudgeMode], zoneAwaited: Set<ChatUserID>) {
        let (settings, awaited) = try await people.settings(of: users, in: channel.workspace, now: now)
        let hours = Dictionary(Set(users).map { user in
            (user, policy.workingHours(for: user, inChannel: channel.channelID, personal: settings[user]))
        }, uniquingKeysWith: { first, _ in first })
        return (hours, settings.compactMapValues(\.nudges), awaited)
    }

    /// The profile zones of people whose asks could not wait for them, once the directory answers: for planning their
    /// deadlines again (`rememberProfiles`).
    public func awaitedProfiles(of users: Set<ChatUserID>, in workspace: WorkspaceRef, now: Date) async -> [ProfileZone] {
        await people.profiles(of: users, in: workspace, now: now)
    }

    /// Remembers what chat profiles say about people's zones (the directory sync's pages, profile events, answers that
    /// came after the ask), and plans again in their own zone the deadlines that were counted in the team's while it
    /// was unknown. Returns the deadlines that moved: their cards are updated and their askers told.
    public func rememberProfiles(_ profiles: [ProfileZone], in workspace: WorkspaceRef, now: Date) async throws -> [MovedDeadline] {
        let marked = try await store.peoplePlannedInTeamZone(among: profiles.map(\.user), in: workspace)
        let plain = profiles.filter { !marked.contains($0.user) }
        var moved: [MovedDeadline] = []
        for profile in profiles where marked.contains(profile.user) {
            do {
                moved += try await deadlines.planInOwnZone(profile, in: workspace, now: now)
            } catch DeadlineMoveError.contended {
                // Their asks kept changing: they stay marked, and the next page, event or pass plans them again. The
                // others on the page are not held up by one busy person.
                continue
            }
        }
        try await store.saveProfileZones(plain, checkedAt: now, in: workspace)
        return moved
    }
}
