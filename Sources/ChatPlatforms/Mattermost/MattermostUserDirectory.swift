import Foundation
import UnhurriedCore

/// Reads the time zone in a Mattermost user's profile (`GET /api/v4/users/{id}`).
public struct MattermostUserDirectory: UserDirectory {
    private let api: MattermostAPI
    /// Asked while a slash command waits for its answer.
    private let timeout: Duration

    public init(baseURL: URL, botToken: String, http: any HTTPClient, timeout: Duration = .milliseconds(1500)) {
        api = MattermostAPI(baseURL: baseURL, botToken: botToken, http: http)
        self.timeout = timeout
    }

    public func timeZone(of user: ChatUserID, in workspace: WorkspaceRef) async -> DirectoryAnswer {
        guard let response = await api.http.send(api.request("GET", "users/\(user.rawValue)"), within: timeout) else { return .unavailable }
        if response.status == 404 { return .noZone }
        guard response.status == 200, let json = try? JSONSerialization.jsonObject(with: response.body),
              let found = MattermostUser(json: json) else { return .unavailable }
        return found.timeZone.map(DirectoryAnswer.zone) ?? .noZone
    }
}
