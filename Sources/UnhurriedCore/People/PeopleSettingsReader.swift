import Foundation

/// People's own settings, with the zone of their chat profile filled in for those who set none: asked of the
/// platform's directory at most once a week per person, and remembered in the store.
struct PeopleSettingsReader: Sendable {
    private let store: any PeopleStore
    private let directories: [String: any UserDirectory]
    private let directoryLookups = DirectoryLookups()

    /// Profiles change zones rarely; a week-old answer is fresh enough and keeps directory calls off most asks.
    static let answerLifetime: TimeInterval = 7 * 86_400

    init(store: any PeopleStore, directories: [String: any UserDirectory]) {
        self.store = store
        self.directories = directories
    }

    /// Whether the person's zone is settled: their own, their profile's (or that it names none), or there is no
    /// directory to ask. False while the directory could not be reached.
    func knowsZone(from settings: PersonalSettings?, platform: String) -> Bool {
        directories[platform] == nil || settings?.timeZoneName != nil || settings?.directoryCheckedAt != nil
    }

    func settings(of users: [ChatUserID], in workspace: WorkspaceRef, now: Date) async throws -> [ChatUserID: PersonalSettings] {
        var people = try await store.settings(of: users, in: workspace)
        await askDirectory(about: users, in: workspace, people: &people, now: now)
        return people
    }

    /// Fills in profile zones for people who set none and whose profile was not asked lately. The questions run
    /// concurrently and each gives up quickly, so the platform still gets its answer in time.
    private func askDirectory(
        about users: [ChatUserID], in workspace: WorkspaceRef, people: inout [ChatUserID: PersonalSettings], now: Date
    ) async {
        guard let directory = directories[workspace.platform] else { return }
        let stale = Set(users).filter { user in
            let settings = people[user]
            guard settings?.timeZoneName == nil else { return false }
            guard let checked = settings?.directoryCheckedAt else { return true }
            return now.timeIntervalSince(checked) > Self.answerLifetime
        }
        guard !stale.isEmpty else { return }
        let answers = await withTaskGroup(of: (ChatUserID, DirectoryAnswer).self) { group in
            for user in stale {
                group.addTask { (user, await directoryLookups.answer(about: user, in: workspace, from: directory, now: now)) }
            }
            return await group.reduce(into: [ChatUserID: DirectoryAnswer]()) { $0[$1.0] = $1.1 }
        }
        for (user, answer) in answers {
            let zone: String?
            switch answer {
            case .zone(let name) where TimeZone(identifier: name) != nil: zone = name
            case .zone, .noZone: zone = nil
            case .unavailable: continue
            }
            // Remembering the answer saves a later question; failing to must not cost this ask.
            try? await store.saveDirectoryTimeZone(zone, checkedAt: now, of: user, in: workspace)
            people[user, default: PersonalSettings()].directoryTimeZoneName = zone
            people[user, default: PersonalSettings()].directoryCheckedAt = now
        }
    }
}
