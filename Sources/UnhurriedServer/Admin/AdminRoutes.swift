import ChatPlatformKit
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import UnhurriedCore

/// `/admin/…`'s JSON: reports for whoever runs the service, behind `UNHURRIED_ADMIN_TOKEN` (`Authorization: Bearer …`,
/// compared in constant time). Without a token configured every admin request is refused.
struct AdminRoutes<Context: RequestContext> {
    let access: AdminAccess
    let store: any HistoryStore & PeopleStore
    let policy: LivePolicy
    let clock: any WallClock

    func register(on group: RouterGroup<Context>) {
        group.get("stats", use: stats)
    }

    /// Per channel and tier: asks created in the last `days` (default 7) days, time to first response (median, p90, in
    /// working time), the share answered within the expected time, and what is overdue now.
    @Sendable func stats(_ request: Request, context: Context) async throws -> Response {
        if let refusal = await access.bearerRefusal(of: request, context: context) { return refusal }
        let daysText = request.uri.queryParameters.get("days")
        guard let days = daysText.map({ Int($0) }) ?? CommandGrammar.defaultStatsDays, (1...366).contains(days) else {
            return Response(
                status: .badRequest, headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "days must be a whole number from 1 to 366\n")))
        }
        let now = clock.now
        let figures = try await StatisticsReader(store: store, policy: policy.current).figures(days: days, now: now)
        let rows: [JSONValue] = figures.map { entry in
            .object([
                ("platform", .string(entry.channel.platform)), ("workspace", .string(entry.channel.workspaceID)),
                ("channel", .string(entry.channel.channelID)), ("tier", .string(entry.tier)),
                ("asks_created", .number(Double(entry.asksCreated))), ("responses", .number(Double(entry.responses))),
                ("median_first_response_seconds", Self.seconds(entry.medianTimeToFirstResponse)),
                ("p90_first_response_seconds", Self.seconds(entry.p90TimeToFirstResponse)),
                ("share_within_expectation", entry.shareWithinExpectation.map(JSONValue.number) ?? .null),
                ("overdue_now", .number(Double(entry.overdueNow))),
            ])
        }
        let body = JSONValue.object([
            ("days", .number(Double(days))),
            ("since", .string(now.addingTimeInterval(-Double(days) * 86_400).formatted(.iso8601))),
            ("generated_at", .string(now.formatted(.iso8601))),
            ("channels", .array(rows)),
        ])
        return .json(body)
    }

    private static func seconds(_ duration: Duration?) -> JSONValue {
        duration.map { .number(Double($0.components.seconds)) } ?? .null
    }
}
