import ChatPlatformKit
import ChatPlatforms
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

/// A team on Microsoft Teams in virtual time: activities signed with a key the fake Bot Framework login publishes reach
/// the server in-process; `tick` runs the scheduler and the delivery worker, which post through the real outbound HTTP
/// client to a fake Bot Connector on 127.0.0.1, with an app token from the fake login's token endpoint.
struct TeamsTeam: TeamInVirtualTime {
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let channel = "19:general@thread.tacv2"
    static let alice = "29:1alice"
    static let bob = "29:1bob"
    static let dan = "29:1dan"
    static let bot = "28:\(TeamsChannelTokens.appID)"
    static let names = [alice: "Alice Jones", bob: "Bob Smith", dan: "Dan Wu"]

    let client: any TestClientProtocol
    let store: any ClosableStore
    let clock: VirtualClock
    let policy: LivePolicy
    let scheduler: FollowUpScheduler
    let digests: DigestScheduler
    let dispatcher: OutboxDispatcher
    let tokens: TeamsChannelTokens
    let connector: FakeBotConnector
    /// The fake Bot Connector's address, as activities name it.
    let serviceURL: String

    func tick() async throws {
        try await scheduler.queueDueFollowUps(now: clock.now)
        try await digests.queueDueDigests(now: clock.now)
        try await dispatcher.deliverDuePosts()
    }

    /// Posts an activity to the messaging endpoint with a channel token minted now, as the Bot Framework does.
    func send(_ activity: [String: Any], authorization: String? = nil) async throws -> TestResponse {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let authorization {
            fields[.authorization] = authorization
        } else {
            fields[.authorization] = try await tokens.authorization(serviceURL: serviceURL, now: clock.now)
        }
        if let conversation = (activity["conversation"] as? [String: Any])?["id"] as? String { connector.peopleWrote(in: conversation) }
        let body = try JSONSerialization.data(withJSONObject: activity)
        return try await client.execute(uri: "/teams/messages", method: .post, headers: fields, body: ByteBuffer(bytes: body))
    }

    /// A message activity: `text` holds `<at>…</at>` for each of `mentions`, which become its mention entities.
    func message(
        _ text: String, id: String, from sender: String = alice, conversation: String = "\(channel);messageid=1000", type: String = "channel",
        mentions: [String] = [], replyTo: String? = nil, zone: String? = "Europe/London"
    ) -> [String: Any] {
        var entities: [[String: Any]] = mentions.map { person in
            let name = person == Self.bot ? "Unhurried" : Self.names[person]!
            return ["type": "mention", "text": "<at>\(name)</at>", "mentioned": ["id": person, "name": name]]
        }
        if let zone { entities.append(["type": "clientInfo", "locale": "en-GB", "country": "GB", "platform": "Web", "timezone": zone]) }
        var activity = envelope(type: "message", id: id, from: sender, conversation: conversation, conversationType: type)
        activity["text"] = text
        activity["textFormat"] = "plain"
        activity["entities"] = entities
        if let replyTo { activity["replyToId"] = replyTo }
        return activity
    }

    /// `@Unhurried <command>` by `sender` as a new post in the channel.
    func command(_ text: String, id: String, from sender: String = alice, mentioning people: [String] = []) async throws -> TestResponse {
        let written = people.reduce(text) { text, person in text.replacingOccurrences(of: "@\(person)", with: "<at>\(Self.names[person]!)</at>") }
        return try await send(message(
            "<at>Unhurried</at> \(written)", id: id, from: sender, conversation: "\(Self.channel);messageid=\(id)", mentions: [Self.bot] + people))
    }

    /// A press on a card's `Action.Execute` button, as the invoke Teams sends.
    func press(_ verb: String, item: Int = 1, by person: String, on card: String, in conversation: String? = nil) async throws -> TestResponse {
        var activity = envelope(
            type: "invoke", id: "f:\(UUID().uuidString)", from: person, conversation: conversation ?? "\(Self.channel);messageid=\(card)",
            conversationType: conversation == nil ? "channel" : "personal")
        activity["name"] = "adaptiveCard/action"
        activity["replyToId"] = card
        activity["value"] = ["action": ["type": "Action.Execute", "verb": verb, "data": ["unhurried": verb, "item": String(item)]], "trigger": "manual"]
        return try await send(activity)
    }

    func react(_ reaction: String, by person: String, to message: String, in conversation: String, type: String) async throws -> TestResponse {
        var activity = envelope(type: "messageReaction", id: "r:\(UUID().uuidString)", from: person, conversation: conversation, conversationType: type)
        activity["reactionsAdded"] = [["type": reaction]]
        activity["replyToId"] = message
        return try await send(activity)
    }

    func envelope(type: String, id: String, from sender: String, conversation: String, conversationType: String) -> [String: Any] {
        var activity: [String: Any] = [
            "type": type, "id": id, "timestamp": "2026-11-23T08:00:00.0000000Z", "serviceUrl": serviceURL, "channelId": "msteams",
            "from": ["id": sender, "name": Self.names[sender] ?? "", "aadObjectId": UUID().uuidString.lowercased()],
            "recipient": ["id": Self.bot, "name": "Unhurried"],
            "conversation": ["id": conversation, "conversationType": conversationType, "tenantId": Self.tenant, "isGroup": conversationType != "personal"],
            "channelData": ["tenant": ["id": Self.tenant]],
            "locale": "en-GB",
        ]
        if conversationType == "channel" {
            activity["channelData"] = ["tenant": ["id": Self.tenant], "team": ["id": "19:team@thread.tacv2"], "channel": ["id": Self.channel]]
        }
        return activity
    }
}

func withTeamsTeam(
    _ kind: TestDatabase.Kind, connector: FakeBotConnector, clock: VirtualClock = VirtualClock(testStart), policy: ResponsePolicy,
    _ body: @escaping @Sendable (TeamsTeam) async throws -> Void
) async throws {
    let tokens = try TeamsChannelTokens()
    let login = FakeBotFrameworkLogin(publishing: [tokens])
    try await withTestStore(kind) { store, _ in
        try await login.run { loginURL in
            try await connector.run { connectorURL in
                let settings = TeamsLoginSettings(
                    appID: TeamsChannelTokens.appID, appPassword: "test-secret", tenantID: TeamsTeam.tenant, loginURL: loginURL,
                    openIDMetadataURL: FakeBotFrameworkLogin.metadataURL(at: loginURL))
                let platform = TeamsPlatform(settings: settings)
                let policy = LivePolicy(policy)
                let http = NIOHTTPClient(timeout: .seconds(5))
                let app = buildApplication(
                    configuration: ServerConfiguration(enabled: [platform], runsBackgroundWorkers: false),
                    dependencies: ServerDependencies(store: store, policy: policy, clock: clock, httpClient: http, logger: quietLogger))
                let digests = DigestScheduler(store: store, policy: policy)
                let dispatcher = OutboxDispatcher(
                    store: store, transports: [TeamsPlatform.name: platform.connect(http: http, memory: store).transport], clock: clock,
                    retryPolicy: DeliveryRetryPolicy(firstDelay: .seconds(1)), digests: digests,
                    standups: StandupScheduler(store: store, policy: policy), nudges: DailyNudges(store: store, policy: policy),
                    publishing: nil, logger: quietLogger)
                try await app.test(.router) { client in
                    try await body(TeamsTeam(
                        client: client, store: store, clock: clock, policy: policy, scheduler: FollowUpScheduler(store: store, policy: policy),
                        digests: digests, dispatcher: dispatcher, tokens: tokens, connector: connector, serviceURL: connectorURL.absoluteString + "/"))
                }
            }
        }
    }
}
