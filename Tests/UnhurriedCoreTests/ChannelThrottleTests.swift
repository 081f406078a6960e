import Foundation
import Testing
import UnhurriedCore

@Suite struct ChannelThrottleTests {
    let general = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")
    let random = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C2")
    let start = Date(timeIntervalSince1970: 1_795_420_800)

    @Test func allowsABurstThenOnePostPerSecondPerChannel() {
        var throttle = ChannelThrottle(perSecond: 1, burst: 3)
        for _ in 0..<3 {
            #expect(throttle.nextSlot(for: general, now: start) == start)
            throttle.take(for: general, at: start)
        }
        #expect(throttle.nextSlot(for: general, now: start) == start.addingTimeInterval(1))
        #expect(throttle.nextSlot(for: random, now: start) == start)  // other channels are unaffected
        #expect(throttle.nextSlot(for: general, now: start.addingTimeInterval(0.25)) == start.addingTimeInterval(1))
        throttle.take(for: general, at: start.addingTimeInterval(1))
        #expect(throttle.nextSlot(for: general, now: start.addingTimeInterval(1)) == start.addingTimeInterval(2))
        // A quiet minute refills the burst, never beyond it.
        let later = start.addingTimeInterval(60)
        for _ in 0..<3 { throttle.take(for: general, at: later) }
        #expect(throttle.nextSlot(for: general, now: later) == later.addingTimeInterval(1))
    }
}
