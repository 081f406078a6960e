extension PeopleStore {
    /// What the assignees of `histories` set themselves (`/hours`, `/away`), by workspace: their working time is
    /// counted with it in the figures and in a rehearsal of the policy.
    public func settings(ofAssigneesIn histories: [ItemHistory]) async throws -> [WorkspaceRef: [ChatUserID: PersonalSettings]] {
        var settings: [WorkspaceRef: [ChatUserID: PersonalSettings]] = [:]
        for (workspace, inWorkspace) in Dictionary(grouping: histories, by: { $0.item.channel.workspace }) {
            let people = Set(inWorkspace.flatMap { $0.item.assignments.map(\.assignee) })
            settings[workspace] = try await self.settings(of: people.sorted { $0.rawValue < $1.rawValue }, in: workspace)
        }
        return settings
    }
}
