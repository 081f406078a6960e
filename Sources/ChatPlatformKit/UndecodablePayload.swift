import Foundation

/// An inbound payload without the shape its platform documents. The reason is short and label-safe (`not_json`,
/// `missing_field:event_id`, `wrong_type:events[].sender`): it is logged and counted, where the body must not be.
package struct UndecodablePayload: Error, Equatable, CustomStringConvertible {
    package var reason: String

    package init(reason: String) {
        self.reason = reason
    }

    package static func missingField(_ path: String) -> UndecodablePayload {
        UndecodablePayload(reason: "missing_field:\(path)")
    }

    /// Names the field by its path, never by its value. Array positions read `[]`, so one field of every element
    /// counts under one reason.
    package init(_ error: DecodingError) {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            reason = "not_json"
        case .dataCorrupted(let context):
            reason = "invalid_value:\(Self.path(context.codingPath))"
        case .keyNotFound(let key, let context):
            reason = "missing_field:\(Self.path(context.codingPath + [key]))"
        case .valueNotFound(_, let context):
            reason = "null_field:\(Self.path(context.codingPath))"
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            reason = "not_an_object"
        case .typeMismatch(_, let context):
            reason = "wrong_type:\(Self.path(context.codingPath))"
        @unknown default:
            reason = "undecodable"
        }
    }

    package var description: String { reason }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce(into: "") { path, key in
            if key.intValue != nil {
                path += "[]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
    }
}

/// Reads an inbound payload into the type that mirrors it, failing with the reason it could not.
package enum PayloadDecoder {
    package static func decode<Payload: Decodable>(_ type: Payload.Type, from json: Data) throws(UndecodablePayload) -> Payload {
        do {
            return try JSONDecoder().decode(type, from: json)
        } catch let error as DecodingError {
            throw UndecodablePayload(error)
        } catch {
            throw UndecodablePayload(reason: "undecodable")
        }
    }
}

extension DecodingError {
    /// The same failure with its path under `path`: for JSON that arrives as text inside other JSON.
    package func under(_ path: [any CodingKey]) -> DecodingError {
        func moved(_ context: Context) -> Context {
            Context(codingPath: path + context.codingPath, debugDescription: context.debugDescription, underlyingError: context.underlyingError)
        }
        switch self {
        case .dataCorrupted(let context): return .dataCorrupted(moved(context))
        case .keyNotFound(let key, let context): return .keyNotFound(key, moved(context))
        case .valueNotFound(let type, let context): return .valueNotFound(type, moved(context))
        case .typeMismatch(let type, let context): return .typeMismatch(type, moved(context))
        @unknown default: return self
        }
    }
}
