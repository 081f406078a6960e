import Foundation

/// Where the store lives, read from a `--database` URL.
public enum DatabaseLocation: Equatable, Sendable {
    case sqliteFile(path: String)
    case postgres(PostgresServer)

    public static let defaultURL = "sqlite://./unhurried.sqlite"

    /// Reads `sqlite://./relative.sqlite`, `sqlite:///absolute/path.sqlite` or
    /// `postgres://user:password@host:5432/database[?sslmode=disable|prefer|require|verify-full][&schema=NAME]`.
    public init(url: String) throws(DatabaseLocationError) {
        guard let separator = url.range(of: "://") else { throw .notAURL(Self.redacted(url)) }
        let scheme = url[..<separator.lowerBound].lowercased()
        let rest = String(url[separator.upperBound...])
        switch scheme {
        case "sqlite":
            guard !rest.isEmpty else { throw .missingPath(Self.redacted(url)) }
            self = .sqliteFile(path: rest)
        case "postgres", "postgresql":
            self = .postgres(try PostgresServer(url: url))
        default:
            throw .unsupportedScheme(scheme)
        }
    }

    /// `url` with the password of its user part replaced by `***`, for errors and logs: `postgres://app:***@db/x`.
    /// Everything from the first `:` after the scheme to the last `@` is hidden, so a password with a `/` or `@` in
    /// it, or a URL too broken to read, still shows none of it.
    public static func redacted(_ url: String) -> String {
        let start = url.range(of: "://")?.upperBound ?? url.startIndex
        guard let at = url.lastIndex(of: "@"), at > start, let colon = url[start..<at].firstIndex(of: ":") else { return url }
        return String(url[...colon]) + "***" + String(url[at...])
    }
}

/// A PostgreSQL server and database, as a `postgres://` URL names them.
public struct PostgresServer: Equatable, Sendable {
    /// As libpq's `sslmode`: `prefer` and `require` encrypt without checking the server's certificate;
    /// `verify-full` checks it against the system's trusted roots and the host name.
    public enum TLSMode: String, Sendable {
        case disable
        /// TLS when the server offers it (the default, as with libpq).
        case prefer
        case require
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// The schema that holds the tables, created if missing; nil: the server's default search path (`public`).
    public var schema: String?

    public init(
        host: String, port: Int = 5432, username: String, password: String?, database: String, tls: TLSMode = .prefer,
        schema: String? = nil
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.schema = schema
    }

    public init(url: String) throws(DatabaseLocationError) {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw .notAURL(DatabaseLocation.redacted(url))
        }
        guard let username = components.user, !username.isEmpty else { throw .missingUser(DatabaseLocation.redacted(url)) }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw .missingDatabase(DatabaseLocation.redacted(url)) }
        var tls = TLSMode.prefer
        var schema: String?
        for item in components.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", let value):
                guard let mode = TLSMode(rawValue: value) else { throw .unsupportedOption("sslmode=\(value)") }
                tls = mode
            case ("schema", let value):
                // It is spliced into SQL and the search path, so only plain names are taken.
                guard let first = value.first, first.isLetter || first == "_",
                      value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                    throw .unsupportedOption("schema=\(value)")
                }
                schema = value.lowercased()
            default:
                throw .unsupportedOption(item.name)
            }
        }
        self.init(
            host: host, port: components.port ?? 5432, username: username.removingPercentEncoding ?? username,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database.removingPercentEncoding ?? database, tls: tls, schema: schema)
    }
}

public enum DatabaseLocationError: Error, Equatable, CustomStringConvertible {
    case notAURL(String)
    case missingPath(String)
    case missingUser(String)
    case missingDatabase(String)
    case unsupportedOption(String)
    case unsupportedScheme(String)

    public var description: String {
        switch self {
        case .notAURL(let url):
            "'\(url)' is not a database URL; expected e.g. \(DatabaseLocation.defaultURL) or postgres://user:password@host:5432/database"
        case .missingPath(let url):
            "'\(url)' names no file; expected e.g. \(DatabaseLocation.defaultURL)"
        case .missingUser(let url):
            "'\(url)' names no user; expected postgres://user:password@host:5432/database"
        case .missingDatabase(let url):
            "'\(url)' names no database; expected postgres://user:password@host:5432/database"
        case .unsupportedOption(let option):
            "database URL option '\(option)' is not supported; the options are sslmode=disable|prefer|require|verify-full and schema=NAME (letters, digits, _)"
        case .unsupportedScheme(let scheme):
            "database scheme '\(scheme)' is not supported; use sqlite://PATH or postgres://user:password@host:5432/database"
        }
    }
}
