import Foundation

/// Instants as the stores keep them and keys name them: whole milliseconds since 1970.
extension Date {
    /// Instants are bounded well inside this range where they are made; clamping keeps a stray one from trapping.
    public var milliseconds: Int {
        let value = (timeIntervalSince1970 * 1000).rounded()
        return value >= 9.2e18 ? Int.max : value <= -9.2e18 ? Int.min : Int(value)
    }

    public init(milliseconds: Int) {
        self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }
}
