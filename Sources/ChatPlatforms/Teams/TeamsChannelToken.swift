import Foundation

/// A channel token whose signature, issuer, audience and lifetime held. The token does not sign the request body, so
/// the activity decoded from that body is tied to it afterwards by `check(serviceURL:channelID:)`.
public struct TeamsChannelToken: Sendable, Equatable {
    /// The token's `serviceurl` claim: where replies to this activity may be sent with the bot's token.
    public let serviceURL: String
    /// The channels (`msteams`, …) the signing key is endorsed for.
    public let endorsements: Set<String>
    public let expiresAt: Date

    public init(serviceURL: String, endorsements: Set<String>, expiresAt: Date) {
        self.serviceURL = serviceURL
        self.endorsements = endorsements
        self.expiresAt = expiresAt
    }

    /// Refuses an activity that names another service URL than the token, or a channel the signing key is not
    /// endorsed for. Service URLs are compared case-insensitively and without trailing slashes, as the SDKs do.
    public func check(serviceURL activityServiceURL: String, channelID: String) throws(TeamsVerificationFailure) {
        guard Self.normalised(activityServiceURL) == Self.normalised(serviceURL) else { throw .serviceURLMismatch }
        guard endorsements.contains(channelID) else { throw .notEndorsed }
    }

    private static func normalised(_ url: String) -> String {
        var text = url.lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
