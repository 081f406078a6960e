import PostgresNIO

/// A result row, decoded once as it arrives, cell by cell in column order. Decoders then find a column by comparing
/// names rather than hashing them, and take its value as decoded: an item is read back as some thirty columns looked
/// up one by one, and a scheduler tick reads hundreds of items. Decoding each row while the next are on their way lets
/// the database go on producing a long result while the store reads it.
struct PostgresStoredRow: Sendable {
    /// The result's column names, shared by all its rows.
    let names: [String]
    let values: [Value]

    /// A cell of a type the store's decoders read (text only from text types, not from uuid or JSON as PostgresNIO
    /// would), or the type it has.
    enum Value: Sendable {
        case null
        case integer(Int)
        case text(String)
        case flag(Bool)
        case unreadable(PostgresDataType)

        /// The value as an error names it.
        var described: String {
            switch self {
            case .null: "NULL"
            case .integer(let number): "\(number)"
            case .text(let text): text
            case .flag(let flag): "\(flag)"
            case .unreadable(let type): "a value of type \(type)"
            }
        }
    }

    /// The row's cells; `names` are those of an earlier row of the same result, if there is one.
    init(_ row: PostgresRow, names known: [String]?) throws {
        var names: [String] = []
        var values: [Value] = []
        values.reserveCapacity(row.count)
        for cell in row {
            if known == nil { names.append(cell.columnName) }
            values.append(try Self.value(of: cell))
        }
        self.names = known ?? names
        self.values = values
    }

    private static func value(of cell: PostgresCell) throws -> Value {
        guard cell.bytes != nil else { return .null }
        return switch cell.dataType {
        case .int2, .int4, .int8: .integer(try cell.decode(Int.self))
        case .bool: .flag(try cell.decode(Bool.self))
        case .text, .varchar, .bpchar, .name: .text(try cell.decode(String.self))
        default: .unreadable(cell.dataType)
        }
    }
}

extension PostgresStoredRow: StoredRow {
    func text(_ column: String) throws -> String? {
        try read(column) { if case .text(let text) = $0 { text } else { nil } }
    }

    func integer(_ column: String) throws -> Int? {
        try read(column) { if case .integer(let number) = $0 { number } else { nil } }
    }

    func flag(_ column: String) throws -> Bool? {
        try read(column) { if case .flag(let flag) = $0 { flag } else { nil } }
    }

    /// The column's cell as `cell` reads it; nil when it is NULL or not in the row.
    private func read<Cell>(_ column: String, as cell: (Value) -> Cell?) throws -> Cell? {
        let value = names.index(ofColumn: column).map { values[$0] } ?? .null
        if case .null = value { return nil }
        guard let read = cell(value) else { throw StoreError.unexpectedValue(column: column, value: value.described) }
        return read
    }
}
