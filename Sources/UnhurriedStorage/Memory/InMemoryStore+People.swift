import Foundation
import UnhurriedCore

extension InMemoryStore {
    public func settings(of users: [ChatUserID], in workspace: WorkspaceRef) async throws -> [ChatUserID: PersonalSettings] {
        try transaction { database in
            var settings: [ChatUserID: PersonalSettings] = [:]
            for user in users {
                settings[user] = database.people[InMemoryDatabase.Person(workspace: workspace, user: user)]
            }
            // Earliest first, as the SQL stores order time away by its first day.
            for (person, range) in database.timeAway.sorted(by: { $0.range.first < $1.range.first })
            where person.workspace == workspace && users.contains(person.user) {
                settings[person.user, default: PersonalSettings()].away.append(range)
            }
            return settings
        }
    }

    public func saveHours(_ settings: PersonalSettings, of user: ChatUserID, in workspace: WorkspaceRef) async throws {
        try changePerson(user, in: workspace) { person in
            person.timeZoneName = settings.timeZoneName
            person.days = settings.days
            person.blocks = settings.blocks
            person.week = settings.week
            person.focus = settings.focus
        }
    }

    public func saveProfileZones(_ profiles: [ProfileZone], checkedAt: Date, in workspace: WorkspaceRef) async throws {
        try transaction { $0.rememberProfiles(profiles, checkedAt: checkedAt, in: workspace) }
    }

    public func addAway(_ range: DateRange, for user: ChatUserID, in workspace: WorkspaceRef) async throws {
        try transaction { $0.timeAway.append((InMemoryDatabase.Person(workspace: workspace, user: user), range)) }
    }

    public func clearAway(for user: ChatUserID, in workspace: WorkspaceRef) async throws {
        try transaction { $0.timeAway.removeAll { $0.person == InMemoryDatabase.Person(workspace: workspace, user: user) } }
    }

    /// Changes the person's row, adding it first if they have none; their time away is kept apart.
    private func changePerson(_ user: ChatUserID, in workspace: WorkspaceRef, _ change: (inout PersonalSettings) -> Void) throws {
        try transaction { change(&$0.people[InMemoryDatabase.Person(workspace: workspace, user: user), default: PersonalSettings()]) }
    }
}

extension InMemoryDatabase {
    /// `saveProfileZones` inside a transaction.
    mutating func rememberProfiles(_ profiles: [ProfileZone], checkedAt: Date, in workspace: WorkspaceRef) {
        for profile in profiles {
            let person = Person(workspace: workspace, user: profile.user)
            people[person, default: PersonalSettings()].directoryTimeZoneName = profile.zone
            people[person, default: PersonalSettings()].directoryCheckedAt = checkedAt.storedInstant
        }
    }
}
