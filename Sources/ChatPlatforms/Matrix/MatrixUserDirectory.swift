import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Reads the time zone people set in their Matrix profile: the `m.tz` field (spec v1.16), or the field's unstable
/// name from MSC4175 that clients wrote before.
public struct MatrixUserDirectory: UserDirectory {
    private let api: MatrixHomeserverAPI

    static let fields = ["m.tz", "us.cloke.msc4175.tz"]

    public init(homeserverURL: URL, accessToken: String, http: any OutboundHTTPClient) {
        api = MatrixHomeserverAPI(baseURL: homeserverURL, accessToken: accessToken, http: http)
    }

    public func timeZone(of user: ChatUserID, in workspace: WorkspaceRef) async -> DirectoryAnswer {
        for field in Self.fields {
            guard let request = try? api.request("GET", ["v3", "profile", user.rawValue, field]),
                  let response = await api.http.send(request, within: Self.answerTimeout) else { return .unavailable }
            switch response.status {
            case 200:
                let profile = try? JSONDecoder().decode([String: JSONValue].self, from: response.body)
                // The field is free text to the homeserver: only a zone this machine knows is one.
                guard let zone = profile?[field]?.stringValue, TimeZone(identifier: zone) != nil else { return .noZone }
                return .zone(zone)
            case 404:
                continue
            default:
                return .unavailable
            }
        }
        return .noZone
    }
}
