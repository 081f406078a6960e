import Foundation

/// What every harness does around its parser: hands it the input, and fails the input when reading it is slow, since
/// a payload that takes a parser long is a way to stall the service.
public enum FuzzInput {
    public static let slowest: Duration = .milliseconds(100)

    /// A slow input is read again before it fails, so that loading time zones or a busy machine cannot fail a run.
    /// Only an optimised build is timed: a debug build is slow everywhere.
    public static func read(_ start: UnsafeRawPointer, _ count: Int, with parser: (Data) -> Void) -> CInt {
        let input = Data(bytes: start, count: count)
        #if DEBUG
        parser(input)
        #else
        let clock = ContinuousClock()
        if clock.measure({ parser(input) }) > slowest {
            let again = clock.measure { parser(input) }
            if again > slowest { fatalError("slow input: \(again.components.seconds * 1000 + again.components.attoseconds / 1_000_000_000_000_000) ms") }
        }
        #endif
        return 0
    }
}
