/// A workspace on one platform: the scope in which item numbers are looked up and people listed.
public struct WorkspaceRef: Hashable, Sendable {
    public var platform: String
    public var workspaceID: String

    public init(platform: String, workspaceID: String) {
        self.platform = platform
        self.workspaceID = workspaceID
    }
}

extension ChatChannel {
    public var workspace: WorkspaceRef { WorkspaceRef(platform: platform, workspaceID: workspaceID) }
}
