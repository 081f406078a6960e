extension UInt8 {
    /// Whether this byte is ASCII whitespace (space, tab, line feed, vertical tab, form feed, carriage return): the
    /// answer `Character.isWhitespace` gives for ASCII, told by the code instead of Unicode's property tables, which cost
    /// a few hundred instructions a character on every command read.
    public var isASCIIWhitespace: Bool {
        self == UInt8(ascii: " ") || (0x09...0x0D).contains(self)
    }
}
