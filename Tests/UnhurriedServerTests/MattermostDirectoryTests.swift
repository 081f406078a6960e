import ChatPlatformKit
import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore
import UnhurriedServer

/// Mattermost people's zones reach the store ahead of any ask: the directory sync pages each team's users, and a
/// changed profile (`user_updated` on the WebSocket) is remembered in every team Unhurried has commands in.
@Suite(.timeLimit(.minutes(1))) struct MattermostDirectoryTests {
    static let team = MattermostFlowTests.team
    static let bob = MattermostFlowTests.bob
    static let alice = MattermostFlowTests.alice

    private let users: [String: FakeMattermostAPI.User] = [
        alice: .init(username: "alice", manualZone: "Europe/Berlin"),
        bob: .init(username: "bob", automaticZone: "America/Chicago"),
    ]

    private func settings(_ api: URL, events: URL? = nil) -> MattermostSettings {
        var settings = MattermostSettings(
            serverURL: api, botToken: "bot-token", commandTokens: [Self.team: ["command-token-of-team1"], "team2": ["token-of-team2"]])
        if let events { settings.eventsURL = events }
        return settings
    }

    @Test func theSyncPagesEachTeamsUsers() async throws {
        try await withTestStore(.memory) { store, _ in
            let mattermost = FakeMattermostAPI(users: users)
            try await mattermost.run { api in
                let handler = CommandHandler(store: store, policy: LivePolicy(wallClockPolicy))
                let services = MattermostPlatform(settings: settings(api)).connect(http: NIOHTTPClient(timeout: .seconds(5)), memory: store)
                    .backgroundServices(host: ProfileHost(handler: handler, clock: SystemClock()), logger: quietLogger)
                let sync = try #require(services.compactMap { $0 as? DirectorySync }.first)
                #expect(await sync.passOverDirectory() == 2)
            }
            let workspace = WorkspaceRef(platform: MattermostPlatform.name, workspaceID: Self.team)
            let people = try await store.settings(of: [ChatUserID(Self.alice), ChatUserID(Self.bob)], in: workspace)
            #expect(people[ChatUserID(Self.alice)]?.directoryTimeZoneName == "Europe/Berlin")
            #expect(people[ChatUserID(Self.bob)]?.directoryTimeZoneName == "America/Chicago")
        }
    }

    @Test func aChangedProfileIsRememberedInEveryTeam() async throws {
        try await withTestStore(.sqlite) { store, _ in
            // Bob is left out of the listing, so a directory sync that starts during the test cannot bring his zone.
            let mattermost = FakeMattermostAPI(users: users.filter { $0.key != Self.bob })
            let events = FakeMattermostEvents(token: "bot-token")
            try await mattermost.run { api in
                try await events.run { eventsURL in
                    try await runLiveServer(
                        ServerConfiguration(host: "127.0.0.1", port: 0, enabled: [MattermostPlatform(settings: settings(api, events: eventsURL))]),
                        store: store
                    ) { _ in
                        try await waitUntil { events.authenticatedConnections >= 1 }
                        // As Mattermost sends it to a bot: the user object, sanitized, with the zone they chose by hand.
                        try await events.push(#"{"event":"user_updated","data":{"user":{"id":"\#(Self.bob)","create_at":1795420800000,"update_at":1795420900000,"delete_at":0,"username":"bob","auth_service":"","nickname":"","first_name":"","last_name":"","position":"","roles":"system_user","locale":"en","timezone":{"automaticTimezone":"America/Chicago","manualTimezone":"Asia/Tokyo","useAutomaticTimezone":"false"},"is_bot":false,"disable_welcome_email":false}},"broadcast":{"omit_users":{"\#(Self.bob)":true},"user_id":"","channel_id":"","team_id":""},"seq":5}"#)
                        try await waitUntil { try await bobsZone(in: "team2", store: store) != nil }
                    }
                }
            }
            for team in [Self.team, "team2"] { #expect(try await bobsZone(in: team, store: store) == "Asia/Tokyo") }
        }
    }

    private func bobsZone(in team: String, store: any PeopleStore) async throws -> String? {
        let workspace = WorkspaceRef(platform: MattermostPlatform.name, workspaceID: team)
        return try await store.settings(of: [ChatUserID(Self.bob)], in: workspace)[ChatUserID(Self.bob)]?.directoryTimeZoneName
    }
}
