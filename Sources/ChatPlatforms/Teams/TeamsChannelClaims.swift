import JWTKit

/// The claims of a Bot Framework channel token. Every claim is optional here so that a missing one is refused by
/// `TeamsTokenVerifier` with its own reason rather than as an undecodable token.
struct TeamsChannelClaims: JWTPayload {
    var issuer: IssuerClaim?
    var audience: AudienceClaim?
    var expiration: ExpirationClaim?
    var notBefore: NotBeforeClaim?
    /// Lower-case in real tokens; reading `serviceUrl` instead once refused every genuine request elsewhere.
    var serviceURL: String?

    enum CodingKeys: String, CodingKey {
        case issuer = "iss"
        case audience = "aud"
        case expiration = "exp"
        case notBefore = "nbf"
        case serviceURL = "serviceurl"
    }

    /// jwt-kit calls this once the signature holds; the claims are checked by `TeamsTokenVerifier` instead, which has
    /// the app id, the injected clock and a refusal reason for each.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
