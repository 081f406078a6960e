import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Tells, as the bot, whether a Mattermost channel is public (`GET /channels/{id}`, type `O`) and whether someone is
/// in one (`GET /channels/{id}/members/{user_id}`: 404 when they are not), for the channels the bot can read. A
/// channel the bot may not read (403, 404) is taken as read by nobody through Unhurried: a definite answer.
struct MattermostChannelDirectory: ChannelDirectory {
    let api: MattermostAPI
    /// Each lookup gives up after this long, so a slow server does not hold up the command's answer.
    let timeout: Duration

    func isPublic(_ channel: ChatChannel) async throws -> Bool {
        let response = try await get("channels/\(FormBody.percentEncoded(channel.channelID))")
        if Self.unreadable.contains(response.status) { return false }
        guard response.status == 200, let type = try? JSONDecoder().decode(MattermostChannel.self, from: response.body).type else {
            throw api.failure(response, what: "GET channels")
        }
        return type == "O"
    }

    func isMember(_ user: ChatUserID, of channel: ChatChannel) async throws -> Bool {
        let response = try await get(
            "channels/\(FormBody.percentEncoded(channel.channelID))/members/\(FormBody.percentEncoded(user.rawValue))")
        switch response.status {
        case 200: return true
        case let status where Self.unreadable.contains(status): return false
        default: throw api.failure(response, what: "GET channel member")
        }
    }

    /// A channel the bot may not read, or that is gone; for a member lookup, also someone not in the channel.
    private static let unreadable: Set<Int> = [403, 404]

    private func get(_ path: String) async throws -> OutboundResponse {
        guard let response = await api.api.http.send(try api.api.request("GET", "/api/v4/" + path), within: timeout) else {
            throw DeliveryFailure.temporary("GET \(path.split(separator: "/").first ?? ""): no answer in time")
        }
        return response
    }
}
