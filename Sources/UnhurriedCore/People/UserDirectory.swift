/// A platform's people directory, asked for the time zone in someone's profile.
public protocol UserDirectory: Sendable {
    func timeZone(of user: ChatUserID, in workspace: WorkspaceRef) async -> DirectoryAnswer
}

extension UserDirectory {
    /// How long a directory is given to answer about one person. Nobody waits for all of it: a command waits its own
    /// short budget and leaves the rest of the wait to the correction that follows the ask, so a directory slower than a
    /// command can wait (an API taking seconds on a bad day) still brings the person's zone.
    public static var answerTimeout: Duration { .seconds(5) }
}

public enum DirectoryAnswer: Equatable, Sendable {
    case zone(String)
    /// The profile names no zone: remembered, like a zone.
    case noZone
    /// The directory could not be asked (timeout, error): asked again next time.
    case unavailable
}
