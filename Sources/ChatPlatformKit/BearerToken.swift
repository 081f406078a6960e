import Foundation

/// The credential of an `Authorization: Bearer …` header; the scheme's name is case-insensitive (RFC 9110 §11.1).
package struct BearerToken {
    package let value: String

    package init?(header: String) {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        value = parts[1].trimmingCharacters(in: .whitespaces)
    }
}
