import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Tells, as the application service's bot, whether a room is open to everyone (its `m.room.join_rules` state is
/// `public`) and who is joined to it (`GET /rooms/{roomId}/joined_members`), for rooms the bot is in. A room the bot
/// may not read (403 `M_FORBIDDEN`, having left it) is taken as read by nobody through Unhurried: a definite answer.
public struct MatrixChannelDirectory: ChannelDirectory {
    private let api: MatrixHomeserverAPI
    private let timeout: Duration

    public init(homeserverURL: URL, accessToken: String, http: any OutboundHTTPClient, timeout: Duration = .milliseconds(1500)) {
        api = MatrixHomeserverAPI(baseURL: homeserverURL, accessToken: accessToken, http: http)
        self.timeout = timeout
    }

    public func isPublic(_ channel: ChatChannel) async throws -> Bool {
        guard let rules = try await get(["v3", "rooms", channel.channelID, "state", "m.room.join_rules"], as: [String: JSONValue].self)
        else { return false }
        // Invite-only, knock and restricted rooms are read by their members alone.
        return rules["join_rule"]?.stringValue == "public"
    }

    public func isMember(_ user: ChatUserID, of channel: ChatChannel) async throws -> Bool {
        guard let members = try await get(["v3", "rooms", channel.channelID, "joined_members"], as: MatrixJoinedMembers.self) else { return false }
        return members.joined[user.rawValue] != nil
    }

    /// Nil when the homeserver says the bot may not read the room.
    private func get<Answer: Decodable>(_ path: [String], as answer: Answer.Type) async throws -> Answer? {
        let request = try api.request("GET", path)
        guard let response = await api.http.send(request, within: timeout) else {
            throw DeliveryFailure.temporary("GET \(path.suffix(2).joined(separator: "/")): no answer in time")
        }
        if response.status == 403 { return nil }
        guard response.status == 200, let answer = try? JSONDecoder().decode(answer, from: response.body) else {
            throw api.api.failure(response, what: "GET \(path.suffix(2).joined(separator: "/"))")
        }
        return answer
    }
}

/// `joined_members`' answer: the joined users by id.
struct MatrixJoinedMembers: Decodable {
    let joined: [String: JSONValue]
}
