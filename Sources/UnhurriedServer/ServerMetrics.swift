import Prometheus
import Synchronization
import UnhurriedCore

/// The service's Prometheus metrics, kept in one registry that `GET /metrics` renders.
///
/// A registry per application (rather than the process-wide swift-metrics bootstrap) keeps tests that build
/// several applications in one process independent.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    /// The registry's series, once made: asking the registry again builds the series' name and takes its lock, a
    /// few percent of an ask's instructions under load (tens of thousands of instructions each time).
    private let counters = Mutex<[Series: Prometheus.Counter]>([:])
    private let requestSeries = Mutex<[RequestSeries: (count: Prometheus.Counter, duration: DurationHistogram)]>([:])

    /// A counter's name and its label values (each name has its own label names).
    private struct Series: Hashable {
        let name: String
        let values: [String]
    }

    private struct RequestSeries: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    public init() {}

    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let series = requestSeries.withLock { made in
            let key = RequestSeries(route: route, method: method, status: status)
            if let series = made[key] { return series }
            let series = (
                count: makeCounter("http_requests", help: "HTTP requests answered, by route, method and status.",
                               labels: [("route", route), ("method", method), ("status", String(status))]),
                duration: registry.makeDurationHistogram(
                    descriptor: .init(namespace: "unhurried", metricName: "http_request_duration", unitName: "seconds",
                                      helpText: "Time from request to response, by route."),
                    labels: [("route", route)],
                    buckets: Self.latencyBuckets))
            made[key] = series
            return series
        }
        series.count.increment()
        series.duration.record(duration)
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
        let counter = counters.withLock { made in
            let series = Series(name: name, values: labels.map(\.1))
            if let counter = made[series] { return counter }
            let counter = makeCounter(name, help: help, labels: labels)
            made[series] = counter
            return counter
        }
        counter.increment()
    }

    private func makeCounter(_ name: String, help: String, labels: [(String, String)]) -> Prometheus.Counter {
        registry.makeCounter(
            descriptor: .init(namespace: "unhurried", metricName: name, unitName: "total", helpText: help), labels: labels)
    }

    public func render() -> String {
        registry.emitToString()
    }
}
