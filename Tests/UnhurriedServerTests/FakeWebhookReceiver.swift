import DecisionPublishers
import Foundation
import Hummingbird
import Synchronization

/// A local receiver of Unhurried's decision webhooks, as the README asks one to be: it refuses a post whose
/// `X-Unhurried-Signature` does not verify (401) or whose body is not the decision JSON (400), and keeps each
/// `X-Unhurried-Delivery` key once, counting the repeats it ignored.
final class FakeWebhookReceiver: Sendable {
    struct Delivery: Sendable {
        var key: String
        var event: String
        var text: String
        var supersedes: Int?
    }

    let secret: String
    private let kept = Mutex<[Delivery]>([])
    private let received = Mutex(0)
    private let script: Mutex<[FakeTargetAnswer]>

    init(secret: String = "webhook-secret", script: [FakeTargetAnswer] = []) {
        self.secret = secret
        self.script = Mutex(script)
    }

    /// Each distinct delivery, in order.
    var deliveries: [Delivery] { kept.withLock { $0 } }
    /// Every post that verified, repeats included.
    var postsReceived: Int { received.withLock { $0 } }

    func run(_ body: @escaping @Sendable (_ url: URL) async throws -> Void) async throws {
        let router = Router()
        router.post("hooks/decisions") { request, _ -> Response in
            let data = Data(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            guard let signature = request.headers[.init(WebhookSignature.header)!],
                  WebhookSignature.isValid(signature, for: data, secret: self.secret) else {
                return jsonResponse(.unauthorized, ["error": "signature does not verify"])
            }
            let sent = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            guard let key = request.headers[.init("X-Unhurried-Delivery")!], sent["idempotency_key"] as? String == key,
                  let event = sent["event"] as? String, let decision = sent["decision"] as? [String: Any], let text = decision["text"] as? String else {
                return jsonResponse(.badRequest, ["error": "not a decision"])
            }
            self.received.withLock { $0 += 1 }
            let answer = self.script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            if case .serverError? = answer { return Response(status: .internalServerError) }
            self.kept.withLock { deliveries in
                if !deliveries.contains(where: { $0.key == key }) {
                    deliveries.append(Delivery(key: key, event: event, text: text, supersedes: decision["supersedes"] as? Int))
                }
            }
            if case .acceptThenServerError? = answer { return Response(status: .internalServerError) }
            return Response(status: .noContent)
        }
        try await serveLocally(router) { base in try await body(base.appendingPathComponent("hooks/decisions")) }
    }
}
