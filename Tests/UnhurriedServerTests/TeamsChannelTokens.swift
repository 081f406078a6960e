import ChatPlatforms
import CryptoExtras
import Foundation
import JWTKit

/// Plays the Bot Framework's channel-token issuer: an RSA key made for the test (published by `FakeBotFrameworkLogin`)
/// and tokens signed with it, whose claims are by default those of a real channel token (`aud`, `exp`, `iss`, `nbf`,
/// `serviceurl` and nothing else). Every claim can be changed or left out to make the token a test needs.
struct TeamsChannelTokens: Sendable {
    static let appID = "5b1e7f0a-7e57-4b07-9a11-0123456789ab"
    static let serviceURL = "https://smba.trafficmanager.net/amer/"

    /// The claims of a channel token; a nil one is left out of the token. Written apart from the verifier's own
    /// claims type, under the names real tokens use, so that a misspelt claim there fails here rather than agreeing.
    struct Claims: JWTPayload {
        var iss: String?
        var aud: String?
        var exp: Int?
        var nbf: Int?
        var serviceurl: String?

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    let keyID: String
    /// What the published key says it may sign for; nil publishes it without an `endorsements` field.
    let endorsements: [String]?
    let privateKey: JWTKit.Insecure.RSA.PrivateKey

    /// A new 2048-bit key, as the Bot Framework's are.
    init(keyID: String = "teams-test-key", endorsements: [String]? = ["msteams"]) throws {
        self.keyID = keyID
        self.endorsements = endorsements
        privateKey = try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
    }

    /// The public key as an entry of the Bot Framework's JWK set.
    var publishedKey: [String: Any] {
        let primitives = try! privateKey.publicKey.getKeyPrimitives()
        var key: [String: Any] = [
            "kty": "RSA", "use": "sig", "kid": keyID, "n": Self.base64URL(primitives.modulus), "e": Self.base64URL(primitives.publicExponent),
        ]
        key["endorsements"] = endorsements
        return key
    }

    /// The claims of a token issued at `now` for a bot (`appID`) and a conversation's service (`serviceURL`), valid for
    /// an hour; each argument changes one claim, nil leaves it out.
    func claims(
        serviceURL: String? = Self.serviceURL, appID: String? = Self.appID, now: Date, issuer: String? = TeamsTokenVerifier.issuer,
        notBefore: Date? = nil, expires: Date? = nil
    ) -> Claims {
        Claims(
            iss: issuer, aud: appID, exp: Int((expires ?? now.addingTimeInterval(3600)).timeIntervalSince1970),
            nbf: Int((notBefore ?? now.addingTimeInterval(-300)).timeIntervalSince1970), serviceurl: serviceURL)
    }

    /// `claims` signed RS256 with this key; the header names `keyID` unless `header` says otherwise.
    func sign(_ claims: Claims, header: JWTHeader? = nil) async throws -> String {
        try await JWTKeyCollection().add(rsa: privateKey, digestAlgorithm: .sha256).sign(claims, header: header ?? ["kid": .string(keyID)])
    }

    /// A channel token for `appID` and `serviceURL`, issued at `now`.
    func mint(serviceURL: String = Self.serviceURL, appID: String = Self.appID, now: Date) async throws -> String {
        try await sign(claims(serviceURL: serviceURL, appID: appID, now: now))
    }

    /// The `Authorization` header of a request from the channel.
    func authorization(serviceURL: String = Self.serviceURL, appID: String = Self.appID, now: Date) async throws -> String {
        "Bearer " + (try await mint(serviceURL: serviceURL, appID: appID, now: now))
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
