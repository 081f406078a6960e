import ChatPlatformKit
import UnhurriedCore

/// The people of each team Unhurried has commands in, page by page (`GET /api/v4/users?in_team=…&page=…&per_page=…`),
/// for the directory sync. A cursor names the team (by its place in `teams`) and the page: `2:0` is the third team's
/// first page. Deactivated accounts and bots are left out.
struct MattermostPeopleListing: PeopleListing {
    let api: MattermostAPI
    let teams: [String]
    let pause: Duration

    /// Mattermost gives at most 200 a page, whatever is asked.
    static let pageSize = 200

    /// Mattermost does not limit its API unless an admin turns the limiter on (10 a second by default then).
    init(api: MattermostAPI, teams: [String], pause: Duration = .milliseconds(500)) {
        self.api = api
        self.teams = teams
        self.pause = pause
    }

    func page(after cursor: String?) async throws(DeliveryFailure) -> DirectoryPage {
        let (teamIndex, page) = Self.position(cursor)
        guard teams.indices.contains(teamIndex) else { return DirectoryPage(profiles: [:], next: nil) }
        let team = teams[teamIndex]
        let users = try await api.call(
            "GET", "users", query: [("in_team", team), ("page", String(page)), ("per_page", String(Self.pageSize))],
            answer: [MattermostUser].self) ?? []
        let profiles = users.compactMap(\.profileZone)
        let next: String? = if users.count == Self.pageSize {
            "\(teamIndex):\(page + 1)"
        } else if teamIndex + 1 < teams.count {
            "\(teamIndex + 1):0"
        } else {
            nil
        }
        return DirectoryPage(profiles: [WorkspaceRef(platform: MattermostPlatform.name, workspaceID: team): profiles], next: next)
    }

    private static func position(_ cursor: String?) -> (team: Int, page: Int) {
        let parts = (cursor ?? "0:0").split(separator: ":").compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : (0, 0)
    }
}
