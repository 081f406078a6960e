/// A value bound to, or read from, a SQLite statement. The schema keeps integers and text (a blob reads as text).
package enum SQLiteData: Sendable, Equatable {
    case integer(Int)
    case float(Double)
    case text(String)
    case null

    /// The value when it is an integer.
    package var integer: Int? {
        if case .integer(let value) = self { value } else { nil }
    }

    /// The value when it is text.
    package var string: String? {
        if case .text(let value) = self { value } else { nil }
    }
}

/// One row a statement returned.
package struct SQLiteRow: Sendable {
    /// The statement's column names, shared by all its rows.
    let names: [String]
    let values: [SQLiteData]

    /// The named column's value; nil when the statement has no such column.
    package func column(_ name: String) -> SQLiteData? {
        names.index(ofColumn: name).map { values[$0] }
    }
}

/// What SQLite answered when it refused a call.
package struct SQLiteError: Error, CustomStringConvertible {
    /// SQLite's extended result code.
    package let code: Int32
    package let message: String

    package var description: String { "SQLite error \(code): \(message)" }
}
