import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Reads the time zone in a Slack user's profile (`users.info`, scope `users:read`).
public struct SlackUserDirectory: UserDirectory {
    private let baseURL: URL
    private let botToken: String
    private let http: any OutboundHTTPClient
    private let timeout: Duration

    public init(baseURL: URL, botToken: String, http: any OutboundHTTPClient, timeout: Duration = Self.answerTimeout) {
        self.baseURL = baseURL
        self.botToken = botToken
        self.http = http
        self.timeout = timeout
    }

    public func timeZone(of user: ChatUserID, in workspace: WorkspaceRef) async -> DirectoryAnswer {
        let request = OutboundRequest(
            url: baseURL.appendingPathComponent(SlackMethod.usersInfo.rawValue),
            headers: ["Authorization": "Bearer \(botToken)", "Content-Type": "application/x-www-form-urlencoded"],
            body: Data(FormBody.encoded([("user", user.rawValue)]).utf8))
        let response = await http.send(request, within: timeout)
        guard let response, response.status == 200,
              let answer = try? JSONDecoder().decode(SlackAnswer<SlackUserInfo>.self, from: response.body) else { return .unavailable }
        guard answer.outcome.ok == true else {
            return answer.outcome.error == "user_not_found" ? .noZone : .unavailable
        }
        guard let zone = answer.content.user?.tz, !zone.isEmpty else { return .noZone }
        return .zone(zone)
    }
}
