import Foundation

/// Why someone's deadlines moved, for their history and the word to whoever asked.
public enum DeadlineMoveCause: Sendable, Equatable {
    /// They recorded time away (`/away`).
    case away(DateRange)
    /// The reloaded policy took working time from them: holidays added, hours cut.
    case policy
    /// Their profile's zone came after their deadlines had been counted in the team's (nil: the profile names none).
    case zoneLearned(String?)

    var eventKind: ItemEvent.Kind {
        switch self {
        case .away: .deadlineMovedAway
        case .policy: .deadlineMovedByPolicy
        case .zoneLearned: .deadlinePlannedInOwnZone
        }
    }
}

/// Moves people's open deadlines later when their working time shrinks — time away recorded, holidays added to the
/// policy — by the working time they lose, so nobody is due while away. Each item's history, card and follow-ups
/// follow, and every asker is told once, privately, per recording. Clearing time away moves nothing: a deadline
/// someone was told is never pulled earlier.
public struct DeadlineMover: Sendable {
    private let store: any ItemStore & PeopleStore & DeadlineMoveStore
    private let livePolicy: LivePolicy

    public init(store: any ItemStore & PeopleStore & DeadlineMoveStore, policy: LivePolicy) {
        self.store = store
        livePolicy = policy
    }

    /// Records `range` as `user`'s time away and moves their open deadlines by the working time it takes, in one
    /// write; returns what moved. Their own asks' notices are left out: the answer to `/away` lists what moved.
    public func recordAway(_ range: DateRange, for user: ChatUserID, in workspace: WorkspaceRef, now: Date) async throws -> [MovedDeadline] {
        let policy = livePolicy.current
        let recording = "away:\(range):\(now.milliseconds)"
        let moved = try await ConflictRetry.run { () async throws -> [MovedDeadline]? in
            let before = try await store.settings(of: [user], in: workspace)[user] ?? PersonalSettings()
            var after = before
            after.away.append(range)
            return try await move(
                user, in: workspace, cause: .away(range), recording: recording, now: now, policy: policy,
                before: { policy.workingHours(for: user, inChannel: $0, personal: before) },
                after: { policy.workingHours(for: user, inChannel: $0, personal: after) }, ownNudges: before.nudges,
                away: DeadlineMoves.Away(range: range, user: user, workspace: workspace))
        }
        guard let moved else { throw DeadlineMoveError.contended(user) }
        return moved
    }

    /// After the policy in force was replaced: moves the open deadlines of everyone whose working time the new
    /// policy shortens. `revision` names the new policy alike on every replica (a digest of its file), so replicas
    /// that each apply the same reload move each deadline once. Returns how many moved.
    @discardableResult
    public func policyReplaced(from old: ResponsePolicy, to new: ResponsePolicy, revision: String, now: Date) async throws -> Int {
        // Most reloads change tiers or routes: nobody's working time, and nothing to read.
        guard !Self.sameWorkingTime(old, new) else { return 0 }
        var count = 0
        for (workspace, people) in try await store.peopleWithOpenAssignments() {
            for person in people {
                let moved = try await ConflictRetry.run { () async throws -> [MovedDeadline]? in
                    let personal = try await store.settings(of: [person], in: workspace)[person]
                    return try await move(
                        person, in: workspace, cause: .policy, recording: "policy:\(revision)", now: now, policy: new,
                        before: { old.workingHours(for: person, inChannel: $0, personal: personal) },
                        after: { new.workingHours(for: person, inChannel: $0, personal: personal) }, ownNudges: personal?.nudges,
                        away: nil)
                }
                guard let moved else { throw DeadlineMoveError.contended(person) }
                count += moved.count
            }
        }
        return count
    }

    /// Remembers `profile`'s zone and plans again in it the person's open deadlines that were counted in the team's
    /// zone while their profile had not answered: each keeps the working time it had left, now counted in their own
    /// hours, earlier or later. Its card shows the new deadline; its asker is told only when it moved. Returns what
    /// moved.
    public func planInOwnZone(_ profile: ProfileZone, in workspace: WorkspaceRef, now: Date) async throws -> [MovedDeadline] {
        let policy = livePolicy.current
        let person = profile.user
        let learned = DeadlineMoves.LearnedZone(profile: profile, checkedAt: now, workspace: workspace)
        let moved = try await ConflictRetry.run { () async throws -> [MovedDeadline]? in
            let stored = try await store.settings(of: [person], in: workspace)[person] ?? PersonalSettings()
            // Such a deadline was counted in the team's zone: the person had no zone of their own when asked.
            var standIn = stored
            standIn.timeZoneName = nil
            standIn.directoryTimeZoneName = nil
            // A zone they have set themselves since (`/hours`) comes before their profile's, as everywhere.
            var own = stored
            own.directoryTimeZoneName = profile.zone
            let zone = own.timeZoneName ?? profile.zone
            return try await move(
                person, in: workspace, cause: .zoneLearned(zone),
                recording: "zone:\(zone ?? "none"):\(now.milliseconds)", now: now, policy: policy,
                before: { policy.workingHours(for: person, inChannel: $0, personal: standIn) },
                after: { policy.workingHours(for: person, inChannel: $0, personal: own) }, ownNudges: stored.nudges, away: nil,
                learnedZone: learned)
        }
        guard let moved else { throw DeadlineMoveError.contended(person) }
        return moved
    }

    /// One read-move-write for one person; nil when an item changed between the read and the write. With a learned
    /// zone, only the deadlines counted in the team's zone are planned again, each of them is marked planned (moved or
    /// not), and a deadline may come earlier: the team's zone only stood in for the person's.
    private func move(
        _ person: ChatUserID, in workspace: WorkspaceRef, cause: DeadlineMoveCause, recording: String, now: Date, policy: ResponsePolicy,
        before: (String) -> WorkingHours, after: (String) -> WorkingHours, ownNudges: NudgeMode?, away: DeadlineMoves.Away?,
        learnedZone: DeadlineMoves.LearnedZone? = nil
    ) async throws -> [MovedDeadline]? {
        var items = try await store.openItems(assignedTo: person, in: workspace)
        if learnedZone != nil { items = items.filter { $0.assignment(of: person)?.plannedInTeamZone == true } }
        let moves = DeadlineShift(policy: policy).moving(
            items, of: person, before: before, after: after, ownNudges: ownNudges, now: now, earlierToo: learnedZone != nil)
        guard !moves.isEmpty || away != nil || learnedZone != nil else { return [] }
        let event = ItemEvent(kind: cause.eventKind, actor: person, at: now)
        var changes = moves.map { DeadlineMoves.Change(item: $0.item, event: event) }
        if learnedZone != nil {
            let movedIDs = Set(changes.map(\.item.id))
            changes += items.filter { !movedIDs.contains($0.id) }.map { DeadlineMoves.Change(item: $0, event: nil) }
            for index in changes.indices {
                for slot in changes[index].item.assignments.indices where changes[index].item.assignments[slot].assignee == person {
                    changes[index].item.assignments[slot].plannedInTeamZone = false
                }
            }
        }
        // Whoever recorded their own time away has the list in the answer; an ask to oneself needs no word.
        let toTell = moves.map(\.moved).filter { (away == nil && learnedZone == nil) || $0.author != person }
        let notices = Dictionary(grouping: toTell, by: \.author).sorted { $0.key.rawValue < $1.key.rawValue }.map { asker, moved in
            QueuedPost(
                idempotencyKey: .deadlinesMoved(of: person, in: workspace, recording: recording, toldTo: asker),
                channel: ChatChannel(platform: workspace.platform, workspaceID: workspace.workspaceID, channelID: asker.rawValue),
                kind: .notice, itemID: nil, body: MessageComposer.deadlinesMoved(moved, of: person, cause: cause), dueAt: now)
        }
        let written = try await store.moveDeadlines(DeadlineMoves(
            changes: changes, notices: notices, away: away, learnedZone: learnedZone))
        return written ? moves.map(\.moved) : nil
    }

    /// Whether two policies give everyone the same working time: hours, days, zone and every holiday.
    static func sameWorkingTime(_ old: ResponsePolicy, _ new: ResponsePolicy) -> Bool {
        old.workingHours == new.workingHours && old.holidayCalendars == new.holidayCalendars && old.people == new.people
            && old.channels.mapValues(\.holidayCalendar) == new.channels.mapValues(\.holidayCalendar)
    }
}

public enum DeadlineMoveError: Error, CustomStringConvertible {
    /// Others kept changing the person's items while their deadlines were being moved.
    case contended(ChatUserID)

    public var description: String {
        switch self {
        case .contended(let user): "the asks of \(user.rawValue) kept changing while their deadlines were being moved"
        }
    }
}
