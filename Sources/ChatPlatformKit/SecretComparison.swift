import Crypto
import Foundation

/// Compares a secret a request presents with the configured one in time that does not depend on where they
/// differ, or on the configured secret's length: both are hashed first, and every byte of the digests is looked at.
public enum SecretComparison {
    public static func matches(_ presented: String, _ expected: String) -> Bool {
        let left = SHA256.hash(data: Data(presented.utf8))
        let right = SHA256.hash(data: Data(expected.utf8))
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
