import Foundation

/// Where the store lives, read from a `--database` URL.
public enum DatabaseLocation: Equatable, Sendable {
    case sqliteFile(path: String)

    public static let defaultURL = "sqlite://./unhurried.sqlite"

    /// Reads `sqlite://./relative.sqlite` or `sqlite:///absolute/path.sqlite`.
    public init(url: String) throws(DatabaseLocationError) {
        guard let separator = url.range(of: "://") else { throw .notAURL(url) }
        let scheme = url[..<separator.lowerBound].lowercased()
        let rest = String(url[separator.upperBound...])
        switch scheme {
        case "sqlite":
            guard !rest.isEmpty else { throw .missingPath(url) }
            self = .sqliteFile(path: rest)
        default:
            throw .unsupportedScheme(scheme)
        }
    }
}

public enum DatabaseLocationError: Error, Equatable, CustomStringConvertible {
    case notAURL(String)
    case missingPath(String)
    case unsupportedScheme(String)

    public var description: String {
        switch self {
        case .notAURL(let url):
            "'\(url)' is not a database URL; expected e.g. \(DatabaseLocation.defaultURL)"
        case .missingPath(let url):
            "'\(url)' names no file; expected e.g. \(DatabaseLocation.defaultURL)"
        case .unsupportedScheme(let scheme):
            "database scheme '\(scheme)' is not supported; use sqlite://PATH"
        }
    }
}
