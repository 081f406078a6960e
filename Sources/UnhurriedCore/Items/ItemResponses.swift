import Foundation

/// How long a snooze lasts, as a person asked for it.
public enum SnoozeLength: Sendable, Equatable {
    /// `1h`, `30m`, `1d`: counted in the assignee's working time.
    case workingTime(PolicyDuration)
    /// Until the start of their next working day.
    case nextWorkingDay
    /// A time expression, `friday 3pm`, read in the assignee's zone.
    case until([String])
    /// An instant picked in the chat's own date-time picker.
    case instant(Date)
}

/// The state changes people make to items — done, cancel, acknowledge, snooze — the same whether they come
/// from a command, a button or a chat event. Each writes the item, its history and its next follow-ups.
public struct ItemResponses: Sendable {
    public enum Outcome: Sendable {
        case changed(Item)
        case notFound(ItemID)
        case alreadyClosed(Item)
        /// The person has no part in the item that this change applies to.
        case notYours(Item)
        /// Their part was already acknowledged or done; nothing was written.
        case unchanged(Item)
        case unreadableSnooze(ItemID, TimeExpressionError, clause: String)
        /// The number names an item of another kind: a decision where an ask was meant, or the other way round.
        case wrongKind(Item)
    }

    let store: any ItemStore & PeopleStore
    let livePolicy: LivePolicy

    public init(store: any ItemStore & PeopleStore, policy: LivePolicy) {
        self.store = store
        self.livePolicy = policy
    }

    /// An assignee finishes their part; the asker (who is not an assignee) closes the whole item. A pre-read's reader
    /// marks it read, which settles their question if they had one; the pre-read stays open for its meeting.
    public func finish(
        _ id: ItemID, by user: ChatUserID, in workspace: WorkspaceRef, now: Date, kinds: Set<ItemKind> = [.ask, .preread]
    ) async throws -> Outcome {
        try await change(id, of: kinds, in: workspace) { item in
            if let index = item.assignments.firstIndex(where: { $0.assignee == user && $0.status == .open }) {
                item.assignments[index].status = .done
                // Whoever finished needs nothing more from the author.
                item.assignments[index].infoRequestedAt = nil
                // Finishing is a response too: the first one, if nothing came before it.
                item.assignments[index].acknowledgedAt = item.assignments[index].acknowledgedAt ?? now
                item.assignments[index].nextFollowUpAt = nil
                if item.kind == .preread { return .record(ItemEvent(kind: .read, actor: user, at: now)) }
                let everyoneDone = item.assignments.allSatisfy { $0.status == .done }
                if everyoneDone { item.status = .done }
                return .record(ItemEvent(kind: everyoneDone ? .done : .assignmentDone, actor: user, at: now))
            }
            guard item.author == user, item.kind == .ask else { return item.assignment(of: user) == nil ? .notAllowed : .nothingToDo }
            item.status = .done
            return .record(ItemEvent(kind: .done, actor: user, at: now))
        }
    }

    public func cancel(
        _ id: ItemID, by user: ChatUserID, in workspace: WorkspaceRef, now: Date, kinds: Set<ItemKind> = [.ask, .preread]
    ) async throws -> Outcome {
        try await change(id, of: kinds, in: workspace) { item in
            guard item.author == user else { return .notAllowed }
            item.status = .cancelled
            return .record(ItemEvent(kind: .cancelled, actor: user, at: now))
        }
    }

    /// The assignee's first response: their follow-ups stop, and the response time is in the item's history. On a
    /// pre-read it is a reader's question (the button, or a reply in its thread), open until they mark it read.
    public func acknowledge(
        _ id: ItemID, by user: ChatUserID, in workspace: WorkspaceRef, now: Date, kinds: Set<ItemKind> = [.ask, .preread]
    ) async throws -> Outcome {
        try await change(id, of: kinds, in: workspace) { item in
            guard let index = item.assignments.firstIndex(where: { $0.assignee == user }) else { return .notAllowed }
            guard item.assignments[index].isAwaitingResponse else { return .nothingToDo }
            item.assignments[index].acknowledgedAt = now
            item.assignments[index].nextFollowUpAt = nil
            return .record(ItemEvent(kind: item.kind == .preread ? .questionRaised : .acknowledged, actor: user, at: now))
        }
    }

    /// Holds the assignee's reminders and overdue notice until the snooze ends; escalation keeps its time.
    public func snooze(
        _ id: ItemID, by user: ChatUserID, in workspace: WorkspaceRef, for length: SnoozeLength, now: Date
    ) async throws -> Outcome {
        guard let item = try await store.item(id, in: workspace) else { return .notFound(id) }
        let policy = livePolicy.current
        let personal = try await store.settings(of: [user], in: workspace)[user]
        let hours = policy.workingHours(for: user, inChannel: item.channel.channelID, personal: personal)
        let calendar = WorkingCalendar(hours: hours)
        let until: Date
        switch length {
        case .workingTime(let duration): until = calendar.adding(duration.length(workingDay: hours.workingDayLength), to: now)
        case .nextWorkingDay: until = calendar.startOfNextWorkingDay(after: now)
        // A picked instant comes from a platform's picker, which anyone can forge: kept between now and the
        // furthest deadline a person may type.
        case .instant(let instant): until = min(max(instant, now), now.addingTimeInterval(TimeExpressionReader.horizon))
        case .until(let words):
            let clause = TimeExpressionReader.openers.contains(words.first?.lowercased() ?? "") ? words : ["by"] + words
            do {
                until = try TimeExpressionReader(now: now, speakerHours: hours).read(clause)
            } catch {
                return .unreadableSnooze(id, error, clause: words.joined(separator: " "))
            }
        }
        return try await change(id, in: workspace, people: [user: KnownPerson(hours: hours, nudges: personal?.nudges)]) { item in
            guard let index = item.assignments.firstIndex(where: { $0.assignee == user }) else { return .notAllowed }
            guard item.assignments[index].status == .open else { return .nothingToDo }
            item.assignments[index].snoozedUntil = until
            return .record(ItemEvent(kind: .snoozed, actor: user, at: now))
        }
    }

    /// Marks a decision as replaced by a later one; anyone may, as anyone may record the later one.
    public func supersede(_ id: ItemID, by user: ChatUserID, in workspace: WorkspaceRef, now: Date) async throws -> Outcome {
        try await change(id, of: [.decision], in: workspace) { item in
            item.status = .superseded
            return .record(ItemEvent(kind: .superseded, actor: user, at: now))
        }
    }

    /// What a change knows of a person whose follow-ups it plans again.
    struct KnownPerson {
        var hours: WorkingHours
        var nudges: NudgeMode?
    }

    /// What a change found it should do to an item: record an event, with posts to queue in the same transaction.
    enum Transition {
        case record(ItemEvent, queueing: [QueuedPost] = [])
        case nothingToDo
        case notAllowed
    }

    /// Loads the item, applies `transition` and, when it records an event, stores the item with fresh follow-up
    /// instants for the people whose hours (and way of being reminded) are given. When someone changed the item in between, it starts over
    /// from the stored state, so two changes at once (two assignees pressing Done) both count.
    func change(
        _ id: ItemID, of kinds: Set<ItemKind> = [.ask], in workspace: WorkspaceRef, people knownPeople: [ChatUserID: KnownPerson] = [:],
        _ transition: (inout Item) -> Transition
    ) async throws -> Outcome {
        guard let outcome = try await ConflictRetry.run({ try await attemptChange(id, of: kinds, in: workspace, people: knownPeople, transition) })
        else { throw ItemResponseError.contended(id) }
        return outcome
    }

    /// One read-change-write; nil when the item changed between the read and the write.
    private func attemptChange(
        _ id: ItemID, of kinds: Set<ItemKind>, in workspace: WorkspaceRef, people knownPeople: [ChatUserID: KnownPerson],
        _ transition: (inout Item) -> Transition
    ) async throws -> Outcome? {
        guard var item = try await store.item(id, in: workspace) else { return .notFound(id) }
        guard kinds.contains(item.kind) else { return .wrongKind(item) }
        guard item.status == .open else { return .alreadyClosed(item) }
        let event: ItemEvent
        let posts: [QueuedPost]
        switch transition(&item) {
        case .record(let recorded, let queueing): (event, posts) = (recorded, queueing)
        case .nothingToDo: return .unchanged(item)
        case .notAllowed: return .notYours(item)
        }
        if item.status != .open {
            for index in item.assignments.indices { item.assignments[index].nextFollowUpAt = nil }
        }
        let planner = FollowUpPlanner(policy: livePolicy.current)
        for (user, known) in knownPeople {
            guard let index = item.assignments.firstIndex(where: { $0.assignee == user }) else { continue }
            item.assignments[index].nextFollowUpAt = planner.nextFollowUp(
                for: item, assignment: item.assignments[index], hours: known.hours, ownNudges: known.nudges, after: event.at)
        }
        guard try await store.update(item, recording: event, queueing: posts) else { return nil }
        item.version += 1
        return .changed(item)
    }
}

extension ItemResponses.Outcome {
    /// The item the change found, when it found one.
    public var item: Item? {
        switch self {
        case .changed(let item), .alreadyClosed(let item), .notYours(let item), .unchanged(let item), .wrongKind(let item): item
        case .notFound, .unreadableSnooze: nil
        }
    }
}

public enum ItemResponseError: Error, CustomStringConvertible {
    /// Others kept changing the item while this change was being made.
    case contended(ItemID)

    public var description: String {
        switch self {
        case .contended(let id): "\(id) kept changing while the change was being made"
        }
    }
}

/// Someone clicked one of an item's buttons, on whichever platform.
public struct ItemButtonPress: Sendable, Equatable {
    public var action: MessageAction.Kind
    public var itemID: ItemID
    public var user: ChatUserID
    public var workspace: WorkspaceRef
    /// The instant picked for `snoozeUntil`.
    public var pickedInstant: Date?
    /// Where the press happened and the platform's id of it, for a private answer when it changed nothing.
    public var channel: ChatChannel?
    public var pressRef: String?

    public init(
        action: MessageAction.Kind, itemID: ItemID, user: ChatUserID, workspace: WorkspaceRef, pickedInstant: Date? = nil,
        channel: ChatChannel? = nil, pressRef: String? = nil
    ) {
        self.action = action
        self.itemID = itemID
        self.user = user
        self.workspace = workspace
        self.pickedInstant = pickedInstant
        self.channel = channel
        self.pressRef = pressRef
    }
}

extension ItemResponses {
    /// Carries out a button press as the matching command would; returns the outcome and the change it stood for.
    public func respond(to press: ItemButtonPress, now: Date) async throws -> (outcome: Outcome, change: ItemChange) {
        let (id, user, workspace) = (press.itemID, press.user, press.workspace)
        switch press.action {
        case .acknowledge:
            return (try await acknowledge(id, by: user, in: workspace, now: now), .acknowledge)
        case .done:
            return (try await finish(id, by: user, in: workspace, now: now), .finish)
        case .markRead:
            return (try await finish(id, by: user, in: workspace, now: now, kinds: [.preread]), .markRead)
        case .raiseQuestion:
            return (try await acknowledge(id, by: user, in: workspace, now: now, kinds: [.preread]), .raiseQuestion)
        case .requestInfo:
            return (try await requestInfo(id, by: user, question: [], in: workspace, now: now), .requestInfo)
        case .snoozeHour:
            return (try await snooze(id, by: user, in: workspace, for: .workingTime(CommandGrammar.defaultSnooze), now: now), .snooze)
        case .snoozeTomorrow:
            return (try await snooze(id, by: user, in: workspace, for: .nextWorkingDay, now: now), .snooze)
        case .snoozeUntil:
            let length: SnoozeLength = press.pickedInstant.map { .instant($0) } ?? .workingTime(CommandGrammar.defaultSnooze)
            return (try await snooze(id, by: user, in: workspace, for: length, now: now), .snooze)
        }
    }
}
