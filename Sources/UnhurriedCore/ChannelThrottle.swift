import Foundation

/// Keeps posts to each channel within the platform's pace: a token bucket per channel, so a short burst goes
/// out at once and the rest follow at the steady rate (Slack: about one message per second per channel).
public struct ChannelThrottle: Sendable {
    public var perSecond: Double
    public var burst: Int

    private struct Bucket {
        var tokens: Double
        var updatedAt: Date
    }

    private var buckets: [ChatChannel: Bucket] = [:]

    /// Slack's documented pace for `chat.postMessage`.
    public static let slack = ChannelThrottle(perSecond: 1, burst: 3)

    public init(perSecond: Double, burst: Int) {
        self.perSecond = perSecond
        self.burst = burst
    }

    /// The earliest instant at which `channel` can take another post: `now` when it can take one at once.
    public func nextSlot(for channel: ChatChannel, now: Date) -> Date {
        let tokens = available(in: channel, at: now)
        return tokens >= 1 ? now : now.addingTimeInterval((1 - tokens) / perSecond)
    }

    /// Spends one post's worth of `channel`'s allowance.
    public mutating func take(for channel: ChatChannel, at now: Date) {
        buckets[channel] = Bucket(tokens: available(in: channel, at: now) - 1, updatedAt: now)
        // Channels that have been quiet long enough are full again and need no entry.
        if buckets.count > 1_000 {
            buckets = buckets.filter { available(in: $0.key, at: now) < Double(burst) }
        }
    }

    private func available(in channel: ChatChannel, at now: Date) -> Double {
        guard let bucket = buckets[channel] else { return Double(burst) }
        return min(Double(burst), bucket.tokens + max(0, now.timeIntervalSince(bucket.updatedAt)) * perSecond)
    }
}
