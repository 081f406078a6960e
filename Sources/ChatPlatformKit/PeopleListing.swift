import UnhurriedCore

/// A platform's whole people directory, page by page: read ahead of any ask, so that asks find people's zones in the
/// store instead of waiting on the directory.
public protocol PeopleListing: Sendable {
    /// How long to wait between pages, to stay within the platform's rate limit for the listing.
    var pause: Duration { get }
    /// The page after `cursor` (nil: the first). Throws `.rateLimited` when the platform asks to wait.
    func page(after cursor: String?) async throws(DeliveryFailure) -> DirectoryPage
}

/// One page of a platform's people: what each profile says about its zone, by the workspace it belongs to.
public struct DirectoryPage: Sendable, Equatable {
    public var profiles: [WorkspaceRef: [ProfileZone]]
    /// Where the next page starts; nil after the last.
    public var next: String?

    public init(profiles: [WorkspaceRef: [ProfileZone]], next: String?) {
        self.profiles = profiles
        self.next = next
    }
}
