import ChatPlatformKit
import Foundation
import UnhurriedCore

/// Posts each decision as JSON to any receiver, signed (`WebhookSignature`). A webhook cannot be asked what it has
/// received, so after an attempt whose outcome is unknown the post is sent again with the same key, in the
/// `X-Unhurried-Delivery` header and the body's `idempotency_key`: the receiver keeps the keys it has seen and ignores
/// a repeat.
struct WebhookPublisher: DecisionPublisher {
    let url: URL
    let secret: String
    let api: PublishingAPI

    static let deliveryHeader = "X-Unhurried-Delivery"

    init(url: URL, secret: String, http: any OutboundHTTPClient) {
        self.url = url
        self.secret = secret
        api = PublishingAPI(name: "Webhook", http: http)
    }

    func publish(_ publication: DecisionPublication, earlierAttemptUncertain: Bool) async throws(DeliveryFailure) -> String {
        let body = Self.payload(publication).encoded()
        let request = OutboundRequest(url: url, method: "POST", headers: [
            "Content-Type": "application/json",
            WebhookSignature.header: WebhookSignature.sign(body, secret: secret),
            Self.deliveryHeader: publication.idempotencyKey.rawValue,
        ], body: body)
        let response = try await api.expectSuccess(request, what: "post")
        return "HTTP \(response.status)"
    }

    static func payload(_ publication: DecisionPublication) -> JSONValue {
        [
            "event": publication.supersedes == nil ? "decision.recorded" : "decision.superseded",
            "idempotency_key": .string(publication.idempotencyKey.rawValue),
            "decision": [
                "id": .number(Double(publication.decisionID.rawValue)),
                "text": .string(publication.text),
                "links": .array(publication.links.map { ["url": .string($0.url), "label": $0.label.map(JSONValue.string) ?? .null] }),
                "decided_by": .string(publication.author.rawValue),
                "platform": .string(publication.channel.platform),
                "workspace": .string(publication.channel.workspaceID),
                "channel": .string(publication.channel.channelID),
                "decided_at": .string(publication.recordedAtText),
                "supersedes": publication.supersedes.map { .number(Double($0.rawValue)) } ?? .null,
            ],
        ]
    }
}
