import Foundation

/// People's own `/hours` and `/away`.
public protocol PeopleStore: Sendable {
    /// The settings of those of `users` who have any.
    func settings(of users: [ChatUserID], in workspace: WorkspaceRef) async throws -> [ChatUserID: PersonalSettings]
    /// Replaces the person's zone, days and hours (nil clears one); their time away is kept.
    func saveHours(_ settings: PersonalSettings, of user: ChatUserID, in workspace: WorkspaceRef) async throws
    func addAway(_ range: DateRange, for user: ChatUserID, in workspace: WorkspaceRef) async throws
    func clearAway(for user: ChatUserID, in workspace: WorkspaceRef) async throws
    /// Remembers what people's chat profiles said about their zones, in one write.
    func saveProfileZones(_ profiles: [ProfileZone], checkedAt: Date, in workspace: WorkspaceRef) async throws
}
