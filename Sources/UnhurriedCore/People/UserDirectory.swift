/// A platform's people directory, asked for the time zone in someone's profile.
public protocol UserDirectory: Sendable {
    func timeZone(of user: ChatUserID, in workspace: WorkspaceRef) async -> DirectoryAnswer
}

public enum DirectoryAnswer: Equatable, Sendable {
    case zone(String)
    /// The profile names no zone: remembered, like a zone.
    case noZone
    /// The directory could not be asked (timeout, error): asked again next time.
    case unavailable
}
