import ChatPlatformKit
import ChatPlatforms
import DecisionPublishers
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

/// A team on Slack in virtual time: signed commands, buttons and events reach the server in-process; `tick` runs the
/// same scheduler and delivery worker the server runs, which post through the real outbound HTTP client to a fake Slack
/// API on 127.0.0.1.
struct SlackTeam: TeamInVirtualTime {
    let client: any TestClientProtocol
    let store: any ClosableStore
    let clock: VirtualClock
    /// The policy in force, which a test may replace as a reload does.
    let policy: LivePolicy
    let scheduler: FollowUpScheduler
    let digests: DigestScheduler
    let standups: StandupScheduler
    let dispatcher: OutboxDispatcher
    /// The same client the worker posts with, for a test to act as an earlier, interrupted attempt.
    let slack: any ChatTransport
    /// Where the fake Slack API listens, for clients a test makes itself.
    let api: URL

    /// Mon 2026-11-23 08:00 UTC, where `VirtualClock` starts: an hour before the team's day starts.
    static let monday = testStart

    /// What the background services do when they wake: queue due follow-ups, deliver due posts.
    func tick() async throws {
        try await scheduler.queueDueFollowUps(now: clock.now)
        try await digests.queueDueDigests(now: clock.now)
        try await standups.queueDue(now: clock.now)
        try await dispatcher.deliverDuePosts()
    }


    func signed(_ path: String, body: String, contentType: String, retry: Int? = nil) async throws -> TestResponse {
        var fields = HTTPFields()
        for (name, value) in slackHeaders(for: body, at: clock.now) { fields[HTTPField.Name(name)!] = value }
        fields[.contentType] = contentType
        if let retry { fields[HTTPField.Name("X-Slack-Retry-Num")!] = String(retry) }
        return try await client.execute(uri: path, method: .post, headers: fields, body: ByteBuffer(string: body))
    }

    func ask(_ text: String) async throws {
        #expect(try await command("/ask", text).contains("Recorded ask"))
    }

    /// Sends a slash command as `user` in `channel` and returns Slack's immediate answer.
    func command(_ name: String, _ text: String, user: String = "U0ALICE", channel: String = "C0GENERAL") async throws -> String {
        let response = try await signed(
            "/slack/commands", body: slashCommandBody(command: name, text: text, user: user, channel: channel),
            contentType: "application/x-www-form-urlencoded")
        return String(buffer: response.body)
    }

    func event(_ inner: String, id: String, retry: Int? = nil) async throws -> TestResponse {
        let body = #"{"type":"event_callback","team_id":"T0TEAM","api_app_id":"A0APP","event_id":"\#(id)","event_time":1795420800,"event":\#(inner)}"#
        return try await signed("/slack/events", body: body, contentType: "application/json", retry: retry)
    }

    func press(_ action: String, user: String, itemID: Int = 1) async throws -> TestResponse {
        let trigger = "\(user).\(Int(clock.now.timeIntervalSince1970))"
        return try await interaction(
            #"{"type":"block_actions","user":{"id":"\#(user)","team_id":"T0TEAM"},"team":{"id":"T0TEAM"},"channel":{"id":"C0GENERAL"},"trigger_id":"\#(trigger)","actions":[\#(action)]}"#)
    }

    /// Posts an interaction payload, signed, as Slack does: the JSON in the form's `payload` field.
    func interaction(_ payload: String) async throws -> TestResponse {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = "payload=" + payload.addingPercentEncoding(withAllowedCharacters: allowed)!
        return try await signed("/slack/interactions", body: body, contentType: "application/x-www-form-urlencoded")
    }
}

/// A team whose server runs in virtual time: `tick` does what the background services do when they wake.
protocol TeamInVirtualTime {
    var clock: VirtualClock { get }
    func tick() async throws
}

extension TeamInVirtualTime {
    /// Moves the clock to `hoursAfterMonday` past Mon 2026-11-23 08:00 UTC (where `VirtualClock` starts, an hour before
    /// the team's day starts) and ticks.
    func advance(to hoursAfterMonday: Double) async throws {
        clock.advance(by: testStart.addingTimeInterval(hoursAfterMonday * 3600).timeIntervalSince(clock.now))
        try await tick()
    }
}

func withSlackTeam(
    _ kind: TestDatabase.Kind, slack: FakeSlackAPI, clock: VirtualClock = VirtualClock(testStart), policy: ResponsePolicy,
    publishing: PublishingCredentials? = nil, profileLookupBudget: Duration = patientProfileLookup,
    _ body: @escaping @Sendable (SlackTeam) async throws -> Void
) async throws {
    try await withTestStore(kind) { store, _ in
        try await withSlackTeam(
            slack: slack, store: store, clock: clock, policy: policy, publishing: publishing, profileLookupBudget: profileLookupBudget, body)
    }
}

/// `publishing`: the secrets the delivery worker publishes decisions with, to the policy's targets; nil publishes none.
func withSlackTeam(
    slack: FakeSlackAPI, store: any ClosableStore, clock: VirtualClock, policy: ResponsePolicy, publishing: PublishingCredentials? = nil,
    profileLookupBudget: Duration = patientProfileLookup, _ body: @escaping @Sendable (SlackTeam) async throws -> Void
) async throws {
    try await slack.run { api in
        var configuration = ServerConfiguration(
            enabled: [SlackPlatform(settings: SlackSettings(signingSecrets: [testSigningSecret], botToken: testBotToken, apiBaseURL: api))],
            runsBackgroundWorkers: false)
        configuration.profileLookupBudget = profileLookupBudget
        let policy = LivePolicy(policy)
        let digests = DigestScheduler(store: store, policy: policy)
        let standups = StandupScheduler(store: store, policy: policy)
        let http = NIOHTTPClient(timeout: .seconds(5))
        let app = buildApplication(
            configuration: configuration,
            dependencies: ServerDependencies(store: store, policy: policy, clock: clock, httpClient: http, logger: quietLogger))
        let slackClient = SlackWebAPIClient(baseURL: api, botToken: testBotToken, http: http)
        let dispatcher = OutboxDispatcher(
            store: store, transports: [SlackPlatform.name: slackClient], clock: clock,
            retryPolicy: DeliveryRetryPolicy(firstDelay: .seconds(1)), digests: digests, standups: standups,
            nudges: DailyNudges(store: store, policy: policy),
            publishing: publishing.map { DecisionPublishing(policy: policy, credentials: $0, http: http) }, logger: quietLogger)
        try await app.test(.router) { client in
            try await body(SlackTeam(
                client: client, store: store, clock: clock, policy: policy, scheduler: FollowUpScheduler(store: store, policy: policy),
                digests: digests, standups: standups, dispatcher: dispatcher, slack: slackClient, api: api))
        }
    }
}
