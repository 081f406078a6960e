import Foundation

/// A variable of the environment that is set but cannot be used; `serve` refuses to start with it.
public enum ConfigurationError: Error, CustomStringConvertible, Equatable {
    case invalidVariable(name: String, reason: String)

    public var description: String {
        switch self {
        case .invalidVariable(let name, let reason): "environment variable \(name) is invalid: \(reason)"
        }
    }

    /// The http(s) URL in variable `name`; nil when it is unset or empty.
    package static func webURL(_ text: String?, named name: String, example: String) throws(ConfigurationError) -> URL? {
        guard let text, !text.isEmpty else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()), url.host != nil
        else { throw .invalidVariable(name: name, reason: "expected an http(s) URL such as \(example)") }
        return url
    }

    /// The http(s) URL in variable `name`, which must be set.
    package static func requiredWebURL(_ text: String, named name: String, example: String) throws(ConfigurationError) -> URL {
        guard let url = try webURL(text, named: name, example: example) else {
            throw .invalidVariable(name: name, reason: "missing: expected an http(s) URL such as \(example)")
        }
        return url
    }
}
