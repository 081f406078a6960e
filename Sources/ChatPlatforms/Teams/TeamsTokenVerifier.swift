import ChatPlatformKit
import Foundation
import JWTKit
import UnhurriedCore

/// Verifies the `Authorization` header the Bot Framework channel sends with each activity, before the body is parsed:
/// an RS256 token signed with one of the Bot Framework's published keys, issued by the Bot Framework, for this bot's
/// app id, within its lifetime (five minutes' skew), naming a service URL. The body is not signed; tie the decoded
/// activity to the token with `TeamsChannelToken.check(serviceURL:channelID:)`.
public struct TeamsTokenVerifier: Sendable {
    public static let defaultMetadataURL = URL(string: "https://login.botframework.com/v1/.well-known/openidconfiguration")!
    /// The issuer of every channel token, single-tenant bots' included.
    public static let issuer = "https://api.botframework.com"
    /// The skew the Bot Framework SDKs allow on `exp` and `nbf`.
    public static let clockSkew: TimeInterval = 5 * 60

    private let appID: String
    private let clock: any WallClock
    private let keys: TeamsSigningKeys

    /// `refetchInterval` bounds how often a token naming an unknown key may fetch the keys again; `timeout` bounds
    /// each of the two fetches (metadata, then keys) that a verification may wait for.
    public init(
        appID: String, metadataURL: URL = Self.defaultMetadataURL, http: any OutboundHTTPClient, clock: any WallClock,
        refetchInterval: TimeInterval = 5 * 60, timeout: Duration = .seconds(5)
    ) {
        self.appID = appID
        self.clock = clock
        keys = TeamsSigningKeys(metadataURL: metadataURL, http: http, clock: clock, refetchInterval: refetchInterval, timeout: timeout)
    }

    /// The verified token of the request whose `Authorization` header is `authorization`.
    public func verify(authorization: String?) async throws(TeamsVerificationFailure) -> TeamsChannelToken {
        let token = try Self.token(inHeader: authorization)
        let parser = DefaultJWTParser()
        guard let (header, unverified, _) = try? parser.parse(Array(token.utf8), as: TeamsChannelClaims.self) else { throw .malformedToken }
        // Only RS256: `none`, and HS256 keyed with a public key's bytes, are the classic forgeries.
        guard header.alg == "RS256" else { throw .unsupportedAlgorithm }
        guard let keyID = header.kid, !keyID.isEmpty else { throw .noKeyID }
        // Checked before the keys are looked at, so that tokens from elsewhere cost no fetch.
        guard unverified.issuer?.value == Self.issuer else { throw .wrongIssuer }
        let keySet = try await keys.keySet(holding: keyID)
        let claims: TeamsChannelClaims
        do {
            claims = try await keySet.verifiers.verify(token, as: TeamsChannelClaims.self)
        } catch {
            throw .badSignature
        }
        // The Bot Framework names the bot alone; a token for several audiences is not one it issues.
        guard claims.audience?.value == [appID] else { throw .wrongAudience }
        let now = clock.now
        // A token without `exp` would never expire; none is issued, and one is refused as expired.
        guard let expiration = claims.expiration?.value, now.timeIntervalSince(expiration) <= Self.clockSkew else { throw .expired }
        if let notBefore = claims.notBefore?.value, notBefore.timeIntervalSince(now) > Self.clockSkew { throw .notYetValid }
        guard let serviceURL = claims.serviceURL, !serviceURL.isEmpty else { throw .noServiceURL }
        return TeamsChannelToken(serviceURL: serviceURL, endorsements: keySet.endorsements[keyID] ?? [], expiresAt: expiration)
    }

    /// The token of a header that is exactly `Bearer <token>`, as the Bot Framework SDKs require.
    private static func token(inHeader header: String?) throws(TeamsVerificationFailure) -> String {
        guard let header, !header.isEmpty else { throw .noToken }
        let parts = header.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "Bearer", !parts[1].isEmpty else { throw .badScheme }
        return String(parts[1])
    }
}
