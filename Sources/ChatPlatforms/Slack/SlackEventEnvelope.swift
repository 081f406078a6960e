import Foundation

/// The outer shape of an Events API request.
public enum SlackEventEnvelope: Equatable, Sendable {
    /// Sent when the events URL is configured; answered by echoing the challenge.
    case urlVerification(challenge: String)
    case other(type: String)

    public init?(json: Data) {
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any],
              let type = object["type"] as? String else { return nil }
        if type == "url_verification" {
            guard let challenge = object["challenge"] as? String else { return nil }
            self = .urlVerification(challenge: challenge)
        } else {
            self = .other(type: type)
        }
    }
}
