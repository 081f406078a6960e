/// One problem in a policy file, located precisely enough to jump to it in an editor.
public struct YAMLFileProblem: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// Dotted path of the offending key, e.g. `tiers.urgent.respond_within`.
    public var key: String
    public var message: String

    public var description: String { "\(file):\(line):\(column): \(key): \(message)" }
}

/// Every problem found in a policy file; the file is used only when there are none.
public struct YAMLFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var problems: [YAMLFileProblem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
