import HTTPTypes

extension HTTPFields {
    /// The value of a field sent once, nil when it is missing or repeated: Slack and Discord send each of their headers
    /// once, and reading one this way skips joining repeated values into a new string on every request.
    package func soleValue(of name: HTTPField.Name) -> String? {
        var value: String?
        for field in self where field.name == name {
            guard value == nil else { return nil }
            value = field.value
        }
        return value
    }
}
