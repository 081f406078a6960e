import Foundation
import Testing
import UnhurriedCore

@Suite struct DeliveryRetryPolicyTests {
    let policy = DeliveryRetryPolicy(firstDelay: .seconds(2), maximumDelay: .seconds(60), maximumAttempts: 5)
    let now = Date(timeIntervalSince1970: 0)

    @Test func backsOffExponentiallyWithinJitterAndACap() {
        for (attempt, base) in [(1, 2.0), (2, 4.0), (3, 8.0), (4, 16.0)] {
            let low = policy.nextAttempt(after: .temporary("x"), attemptsSoFar: attempt, now: now, jitter: 0)!
            let high = policy.nextAttempt(after: .temporary("x"), attemptsSoFar: attempt, now: now, jitter: 1)!
            #expect(abs(low.timeIntervalSince(now) - base * 0.8) < 0.001)
            #expect(abs(high.timeIntervalSince(now) - base * 1.2) < 0.001)
        }
        let capped = DeliveryRetryPolicy(firstDelay: .seconds(2), maximumDelay: .seconds(60), maximumAttempts: 50)
        #expect(capped.nextAttempt(after: .temporary("x"), attemptsSoFar: 40, now: now, jitter: 0.5)!.timeIntervalSince(now) == 60)
    }

    @Test func honoursRetryAfter() {
        #expect(policy.nextAttempt(after: .rateLimited(retryAfterSeconds: 30), attemptsSoFar: 1, now: now, jitter: 0.5)
            == now.addingTimeInterval(30))
    }

    @Test func givesUpOnPermanentFailuresAndAfterTheLastAttempt() {
        #expect(policy.nextAttempt(after: .permanent("channel_not_found"), attemptsSoFar: 1, now: now, jitter: 0) == nil)
        #expect(policy.nextAttempt(after: .temporary("x"), attemptsSoFar: 5, now: now, jitter: 0) == nil)
    }
}
