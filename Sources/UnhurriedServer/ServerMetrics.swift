import Prometheus
import UnhurriedCore

/// The service's Prometheus metrics, kept in one registry that `GET /metrics` renders.
///
/// A registry per application (rather than the process-wide swift-metrics bootstrap) keeps tests that build
/// several applications in one process independent.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()

    private static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    public init() {}

    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        count("http_requests", help: "HTTP requests answered, by route, method and status.",
              labels: [("route", route), ("method", method), ("status", String(status))])
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "unhurried", metricName: "http_request_duration", unitName: "seconds",
                              helpText: "Time from request to response, by route."),
            labels: [("route", route)],
            buckets: Self.latencyBuckets
        ).record(duration)
    }

    func itemCreated(platform: String, kind: String) {
        count("items_created", help: "Items recorded, by platform and kind.", labels: [("platform", platform), ("kind", kind)])
    }

    func verificationFailed(platform: String, reason: String) {
        count("verification_failures", help: "Inbound requests refused because their signature or token did not verify.",
              labels: [("platform", platform), ("reason", reason)])
    }

    func inboundUndecodable(platform: String, reason: String) {
        count("inbound_undecodable", help: "Inbound payloads that did not have the shape their platform documents, by reason.",
              labels: [("platform", platform), ("reason", reason)])
    }

    func postDelivered(platform: String, outcome: String) {
        count("outbox_attempts", help: "Attempts to deliver outbox posts, by platform and outcome.",
              labels: [("platform", platform), ("outcome", outcome)])
    }

    func postDied(platform: String, reason: String) {
        count("outbox_dead_posts", help: "Posts given up on for good, by platform and reason.", labels: [("platform", platform), ("reason", reason)])
    }

    /// How many posts wait for delivery and how many are parked as dead, as of this scrape.
    func outboxBacklog(_ counts: [OutboxPost.Status: Int]) {
        for status in [OutboxPost.Status.pending, .dead] {
            registry.makeGauge(
                descriptor: .init(namespace: "unhurried", metricName: "outbox_posts", unitName: "", helpText: "Outbox posts pending or dead, now."),
                labels: [("status", status.rawValue)]
            ).set(Double(counts[status] ?? 0))
        }
    }

    func policyReloaded(outcome: String) {
        count("policy_reloads", help: "Policy file reloads, applied or rejected.", labels: [("outcome", outcome)])
    }

    private func count(_ name: String, help: String, labels: [(String, String)]) {
        registry.makeCounter(
            descriptor: .init(namespace: "unhurried", metricName: name, unitName: "total", helpText: help), labels: labels
        ).increment()
    }

    public func render() -> String {
        registry.emitToString()
    }
}
