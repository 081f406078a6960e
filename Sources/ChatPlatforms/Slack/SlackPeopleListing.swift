import ChatPlatformKit
import UnhurriedCore

/// The workspace's people, page by page (`users.list`, scope `users:read`; Tier 2, about 20 calls a minute), for
/// the directory sync. Deactivated people and bots are left out: nobody asks them anything.
struct SlackPeopleListing: PeopleListing {
    let client: SlackWebAPIClient
    let pause: Duration

    /// Slack takes up to 1,000 a page and recommends no more than 200.
    static let pageSize = 200
    /// Tier 2's 20 calls a minute.
    static let tierPause = Duration.seconds(3)

    init(client: SlackWebAPIClient, pause: Duration = Self.tierPause) {
        self.client = client
        self.pause = pause
    }

    func page(after cursor: String?) async throws(DeliveryFailure) -> DirectoryPage {
        var fields = [("limit", String(Self.pageSize))]
        if let cursor { fields.append(("cursor", cursor)) }
        let answer = try await client.call(.usersList, form: fields, answer: SlackUsersList.self)
        var profiles: [WorkspaceRef: [ProfileZone]] = [:]
        for member in answer.members ?? [] where member.isAskablePerson {
            guard let id = member.id, let team = member.teamID else { continue }
            profiles[WorkspaceRef(platform: SlackPlatform.name, workspaceID: team), default: []]
                .append(ProfileZone(user: ChatUserID(id), zone: member.tz))
        }
        let next = answer.responseMetadata?.nextCursor.flatMap { $0.isEmpty ? nil : $0 }
        return DirectoryPage(profiles: profiles, next: next)
    }
}
