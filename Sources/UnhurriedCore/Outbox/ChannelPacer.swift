import Foundation

/// Paces posts per channel with a token bucket: a short burst, then a steady rate (Slack allows about one
/// message a second per channel). Each reservation takes the next free slot, so a flooded channel's backlog
/// is spread over future slots once instead of being looked at again and again.
public struct ChannelPacer: Sendable {
    public var burst: Int
    public var interval: TimeInterval
    /// Per channel: the instant its bucket would be full again if nothing more were sent.
    private var fullAt: [ChatChannel: Date] = [:]

    public init(burst: Int = 3, perSecond rate: Double = 1) {
        self.burst = max(1, burst)
        interval = 1 / max(rate, 0.001)
    }

    /// Reserves a slot for one post to `channel` and returns when it may go: `now` while the burst lasts.
    public mutating func reserve(_ channel: ChatChannel, now: Date) -> Date {
        // The bucket is modelled by the instant it refills completely: each post pushes it one interval later,
        // and a post may go once that instant is no more than a burst's worth of intervals ahead.
        let full = max(fullAt[channel] ?? now, now)
        let slot = max(now, full.addingTimeInterval(-interval * Double(burst - 1)))
        fullAt[channel] = full.addingTimeInterval(interval)
        if fullAt.count > 10_000 { fullAt = fullAt.filter { $0.value > now } }
        return slot
    }
}
