/// An optional field of a platform's JSON: nil when it is absent, null or of another JSON type than documented, so
/// that what a platform leaves out of a payload, or sends differently in one shape of it, does not make the rest of
/// it unreadable. Fields a payload cannot do without are declared plainly, and fail its decoding.
@propertyWrapper
package struct Readable<Value: Decodable>: Decodable {
    package var wrappedValue: Value?

    package init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    package init(from decoder: any Decoder) throws {
        wrappedValue = try? decoder.singleValueContainer().decode(Value.self)
    }
}

extension Readable: Sendable where Value: Sendable {}

extension KeyedDecodingContainer {
    /// Chosen over the generic `decode` for `@Readable` fields, so that an absent key is nil rather than an error.
    package func decode<Value>(_ type: Readable<Value>.Type, forKey key: Key) throws -> Readable<Value> {
        try decodeIfPresent(type, forKey: key) ?? Readable(wrappedValue: nil)
    }
}
