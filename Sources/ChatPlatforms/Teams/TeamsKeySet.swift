import Foundation
import JWTKit

/// The Bot Framework's published signing keys, as read from its JWK set: each key's RS256 verifier and the channels it
/// is endorsed for. A key that cannot be used (not RSA, no id, broken numbers) is left out rather than spoiling the set.
struct TeamsKeySet: Sendable {
    /// The channel ids each key is endorsed for, by key id; a key published without endorsements has none.
    let endorsements: [String: Set<String>]
    /// Holds only the keys in `endorsements`, each fixed to RS256 whatever its JWK says.
    let verifiers: JWTKeyCollection

    init(jwksJSON: Data) async throws {
        let published = try JSONDecoder().decode(PublishedKeys.self, from: jwksJSON)
        var endorsements: [String: Set<String>] = [:]
        let verifiers = JWTKeyCollection()
        for key in published.keys {
            guard let jwk = key.jwk, jwk.keyType == .rsa, let id = jwk.keyIdentifier, let modulus = jwk.modulus, let exponent = jwk.exponent,
                  let publicKey = try? Insecure.RSA.PublicKey(modulus: modulus, exponent: exponent)
            else { continue }
            await verifiers.add(rsa: publicKey, digestAlgorithm: .sha256, kid: id)
            endorsements[id.string] = Set(key.endorsements ?? [])
        }
        self.endorsements = endorsements
        self.verifiers = verifiers
    }

    /// A JWK set whose keys carry the Bot Framework's `endorsements` besides what jwt-kit's `JWK` reads.
    private struct PublishedKeys: Decodable {
        var keys: [PublishedKey]
    }

    private struct PublishedKey: Decodable {
        var jwk: JWK?
        var endorsements: [String]?

        enum CodingKeys: String, CodingKey {
            case endorsements
        }

        init(from decoder: any Decoder) throws {
            jwk = try? JWK(from: decoder)
            endorsements = try? decoder.container(keyedBy: CodingKeys.self).decodeIfPresent([String].self, forKey: .endorsements)
        }
    }
}
