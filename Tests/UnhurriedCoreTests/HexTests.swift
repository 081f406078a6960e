import Testing
import UnhurriedCore

/// Signatures arrive as hex in headers; what is not an even run of hex digits is no signature at all.
struct HexTests {
    @Test func readsBackWhatItWrites() {
        let bytes: [UInt8] = Array(0...255)
        #expect(Hex.bytes(Substring(Hex.string(bytes))) == bytes)
        #expect(Hex.bytes("00FFa0Bc") == [0x00, 0xFF, 0xA0, 0xBC])
        #expect(Hex.bytes("") == [])
    }

    @Test func refusesWhatIsNotAnEvenRunOfHexDigits() {
        for text in ["abc", "0g", "g0", "0 ", " 0", "0x", "é0", "0é", "٠١"] {
            #expect(Hex.bytes(Substring(text)) == nil, "\(text)")
        }
    }

    @Test func readsASliceOfALongerText() {
        let signature = "v0=0a1b"
        #expect(Hex.bytes(signature.dropFirst(3)) == [0x0A, 0x1B])
    }
}
