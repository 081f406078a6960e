import Synchronization
import UnhurriedCore

/// People's settings as the SQLite store last read them, so an ask to people asked a moment ago reads none of them
/// again: the lookup was the largest part of a warm ask, and a trip to the reader's thread and back.
///
/// Every write this store makes to someone's settings or time away forgets that person. Another process writing to
/// the same file (`unhurried try`, whose people live in a workspace of their own) is seen once an entry is
/// `lifetime` old. A read that began before a write cannot put what it read back afterwards: each write moves the
/// generation on, and a read remembers only while its own generation is current.
final class PeopleSettingsCache: Sendable {
    static let lifetime: Duration = .seconds(30)
    /// Past this many people it starts again, so a workspace's whole directory is never held.
    static let capacity = 10_000

    private struct Entry {
        /// Nil: the store has no row for them.
        let settings: PersonalSettings?
        let readAt: ContinuousClock.Instant
    }

    private struct State {
        var generation = 0
        /// By workspace, then person: an ask's people share one workspace, hashed once.
        var entries: [WorkspaceRef: [ChatUserID: Entry]] = [:]
        var count = 0
    }

    private let state = Mutex(State())

    /// The settings known for `users` (those with none stored are known too, and absent from `known`), who is left
    /// to read (as often as `users` names them), and the generation to hand back to `remember`.
    func lookUp(_ users: [ChatUserID], in workspace: WorkspaceRef) -> (known: [ChatUserID: PersonalSettings], unknown: [ChatUserID], generation: Int) {
        let now = ContinuousClock.now
        return state.withLock { state in
            var known: [ChatUserID: PersonalSettings] = [:]
            var unknown: [ChatUserID] = []
            let entries = state.entries[workspace] ?? [:]
            for user in users {
                guard let entry = entries[user], now - entry.readAt < Self.lifetime else {
                    unknown.append(user)
                    continue
                }
                known[user] = entry.settings
            }
            return (known, unknown, state.generation)
        }
    }

    /// What was read for `users` while `generation` was current; kept only if no write came since.
    func remember(_ settings: [ChatUserID: PersonalSettings], of users: [ChatUserID], in workspace: WorkspaceRef, generation: Int) {
        let now = ContinuousClock.now
        state.withLock { state in
            guard state.generation == generation, users.count <= Self.capacity else { return }
            if state.count + users.count > Self.capacity {
                state.entries.removeAll()
                state.count = 0
            }
            for user in users where state.entries[workspace, default: [:]].updateValue(Entry(settings: settings[user], readAt: now), forKey: user) == nil {
                state.count += 1
            }
        }
    }

    /// After a write to these people's settings or time away, committed or not.
    func forget(_ people: [(user: ChatUserID, workspace: WorkspaceRef)]) {
        state.withLock { state in
            state.generation += 1
            for person in people where state.entries[person.workspace]?.removeValue(forKey: person.user) != nil {
                state.count -= 1
            }
        }
    }
}
