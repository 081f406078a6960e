import Testing
import UnhurriedCore

@Suite struct DeadPostReasonTests {
    @Test(arguments: [
        (DeliveryFailure.permanent("chat.postMessage: channel_not_found"), "channel_not_found"),
        (.permanent("POST posts: HTTP 403 You do not have the appropriate permissions."), "http_403"),
        (.permanent("PUT send: HTTP 403 M_FORBIDDEN"), "http_403"),
        (.permanent("chat.postMessage answered without a ts"), "ts"),
        (.permanent("x: <!channel> \u{202E}drop table"), "table"),
        (.permanent(""), "other"),
        (.temporary("chat.postMessage: HTTP 502"), "retries_exhausted"),
        (.rateLimited(retryAfterSeconds: 30), "rate_limited"),
    ])
    func reasonsAreShortAndBounded(_ failure: DeliveryFailure, _ reason: String) {
        #expect(DeadPost.reason(of: failure) == reason)
    }
}
