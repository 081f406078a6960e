import Foundation

/// People's own settings, with the zone of their chat profile filled in for those who set none: kept in the store by
/// the platform's directory sync and its profile events, and asked of the directory only for someone it has not
/// told about yet (or not for a week), within a short budget.
struct PeopleSettingsReader: Sendable {
    private let store: any PeopleStore
    private let directories: [String: any UserDirectory]
    private let directoryLookups = DirectoryLookups()
    /// How long an ask waits for a profile it does not know; past it the team's zone stands in, and the deadline is
    /// planned again when the answer comes.
    private let lookupBudget: Duration

    /// Profiles change zones rarely; a week-old answer is fresh enough and keeps directory calls off most asks.
    static let answerLifetime: TimeInterval = 7 * 86_400

    init(store: any PeopleStore, directories: [String: any UserDirectory], lookupBudget: Duration) {
        self.store = store
        self.directories = directories
        self.lookupBudget = lookupBudget
    }

    /// Whether the person's zone is settled: their own, their profile's (or that it names none), or there is no
    /// directory to ask. False while the directory could not be reached.
    func knowsZone(from settings: PersonalSettings?, platform: String) -> Bool {
        directories[platform] == nil || settings?.timeZoneName != nil || settings?.directoryCheckedAt != nil
    }

    /// The settings of `users`, and those of them whose zone the directory did not give within the budget: the team's
    /// stands in for theirs.
    func settings(
        of users: [ChatUserID], in workspace: WorkspaceRef, now: Date
    ) async throws -> (settings: [ChatUserID: PersonalSettings], zoneAwaited: Set<ChatUserID>) {
        var people = try await store.settings(of: users, in: workspace)
        let awaited = await askDirectory(about: users, in: workspace, people: &people, now: now)
        return (people, awaited)
    }

    /// The profiles of `users` as the directory answers, however long it takes (within its own timeout): asked once
    /// with the asks that could not wait for them. Those it could not give are left out.
    func profiles(of users: Set<ChatUserID>, in workspace: WorkspaceRef, now: Date) async -> [ProfileZone] {
        guard let directory = directories[workspace.platform] else { return [] }
        return await withTaskGroup(of: ProfileZone?.self) { group in
            for user in users {
                group.addTask {
                    let answer = await directoryLookups.question(about: user, in: workspace, from: directory, now: now)?.value()
                    return answer.flatMap { ProfileZone($0, of: user) }
                }
            }
            return await group.reduce(into: [ProfileZone]()) { if let profile = $1 { $0.append(profile) } }
        }
    }

    /// Fills in profile zones for people who set none and whose profile was not asked lately; returns those whose
    /// answer did not come within the budget. The questions run concurrently and go on after the budget, so the
    /// correction that follows the ask finds the answer.
    private func askDirectory(
        about users: [ChatUserID], in workspace: WorkspaceRef, people: inout [ChatUserID: PersonalSettings], now: Date
    ) async -> Set<ChatUserID> {
        guard let directory = directories[workspace.platform] else { return [] }
        // Filtered before the set is made: on nearly every ask nobody is left, and no set is needed.
        let stale = Set(users.filter { user in
            let settings = people[user]
            guard settings?.timeZoneName == nil else { return false }
            guard let checked = settings?.directoryCheckedAt else { return true }
            return now.timeIntervalSince(checked) > Self.answerLifetime
        })
        guard !stale.isEmpty else { return [] }
        let budget = lookupBudget
        let answers = await withTaskGroup(of: (ChatUserID, DirectoryAnswer?).self) { group in
            for user in stale {
                group.addTask {
                    (user, await directoryLookups.question(about: user, in: workspace, from: directory, now: now)?.value(within: budget))
                }
            }
            return await group.reduce(into: [ChatUserID: DirectoryAnswer?]()) { $0[$1.0] = $1.1 }
        }
        let profiles = answers.compactMap { user, answer in answer.flatMap { ProfileZone($0, of: user) } }
        // Remembering the answers saves later questions; failing to must not cost this ask.
        try? await store.saveProfileZones(profiles, checkedAt: now, in: workspace)
        for profile in profiles {
            people[profile.user, default: PersonalSettings()].directoryTimeZoneName = profile.zone
            people[profile.user, default: PersonalSettings()].directoryCheckedAt = now
        }
        // Someone asked before (whose week-old zone still stands) is not waited for; someone never told about is.
        return Set(answers.filter { $0.value == nil || $0.value == .unavailable }.keys)
            .filter { people[$0]?.directoryCheckedAt == nil }
    }
}
