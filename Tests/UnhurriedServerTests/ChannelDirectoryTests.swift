import ChatPlatformKit
import ChatPlatforms
import Foundation
import Testing
import UnhurriedCore
import UnhurriedStorage

/// Each platform's answers about channels, as the bot gets them from the platform's (fake) API: whether a channel is
/// public, and whether someone is in a private one; a channel the bot may not read is no answer at all.
@Suite(.timeLimit(.minutes(1))) struct ChannelDirectoryTests {
    private let http = NIOHTTPClient(timeout: .seconds(5))

    @Test func slackAnswersFromConversationsInfoAndMembers() async throws {
        let slack = FakeSlackAPI(conversations: FakeSlackAPI.workspaceConversations.merging(
            ["G0ELSEWHERE": FakeSlackAPI.Conversation(isPrivate: true, members: ["U0CAROL"]),
             "G0CROWDED": FakeSlackAPI.Conversation(isPrivate: true, members: (0..<1500).map { "U\($0)" } + ["U0DAN", "U0BOT"])],
            uniquingKeysWith: { $1 }))
        try await slack.run { api in
            let directory = try #require(SlackPlatform(settings: SlackSettings(signingSecrets: [testSigningSecret], botToken: testBotToken, apiBaseURL: api))
                .connect(http: http, memory: InMemoryStore()).channelDirectory)
            func channel(_ id: String) -> ChatChannel { ChatChannel(platform: SlackPlatform.name, workspaceID: "T0TEAM", channelID: id) }
            #expect(try await directory.isPublic(channel("C0GENERAL")))
            #expect(try await !directory.isPublic(channel("G0PRIVATE")))
            #expect(try await directory.isMember(ChatUserID("U0BOB"), of: channel("G0PRIVATE")))
            #expect(try await !directory.isMember(ChatUserID("U0CAROL"), of: channel("G0PRIVATE")))
            #expect(try await directory.isMember(ChatUserID("U0DAN"), of: channel("G0CROWDED")))  // on the second page
            // A private channel the bot is not in: read by nobody through Unhurried.
            #expect(try await !directory.isPublic(channel("G0ELSEWHERE")))
            #expect(try await !directory.isMember(ChatUserID("U0CAROL"), of: channel("G0ELSEWHERE")))
        }
    }

    @Test func mattermostAnswersFromTheChannelsTypeAndItsMembers() async throws {
        let bot = FakeMattermostAPI.botID
        let mattermost = FakeMattermostAPI(privateChannels: ["privchan": ["bob1", bot], "elsewhere": ["carol1"]])
        try await mattermost.run { server in
            let settings = MattermostSettings(serverURL: server, botToken: "bot-token", commandTokens: ["team1": ["token"]], actionsURL: nil)
            let directory = try #require(MattermostPlatform(settings: settings).connect(http: http, memory: InMemoryStore()).channelDirectory)
            func channel(_ id: String) -> ChatChannel { ChatChannel(platform: MattermostPlatform.name, workspaceID: "team1", channelID: id) }
            #expect(try await directory.isPublic(channel("town-square")))
            #expect(try await !directory.isPublic(channel("privchan")))
            #expect(try await directory.isMember(ChatUserID("bob1"), of: channel("privchan")))
            #expect(try await !directory.isMember(ChatUserID("carol1"), of: channel("privchan")))
            #expect(try await !directory.isPublic(channel("elsewhere")))
            #expect(try await !directory.isMember(ChatUserID("carol1"), of: channel("elsewhere")))
        }
    }

    @Test func matrixAnswersFromJoinRulesAndJoinedMembers() async throws {
        let bot = "@unhurried:example.org"
        let homeserver = FakeMatrixHomeserver(rooms: [
            "!open:example.org": .init(joinRule: "public", joined: [bot, "@alice:example.org"]),
            "!team:example.org": .init(joinRule: "invite", joined: [bot, "@bob:example.org"]),
            "!knock:example.org": .init(joinRule: "knock", joined: [bot]),
            "!elsewhere:example.org": .init(joinRule: "invite", joined: ["@carol:example.org"]),
        ])
        try await homeserver.run { url async throws in
            let directory = MatrixChannelDirectory(homeserverURL: url, accessToken: "as-token-for-tests", http: http)
            func room(_ id: String) -> ChatChannel { ChatChannel(platform: MatrixPlatform.name, workspaceID: "example.org", channelID: id) }
            #expect(try await directory.isPublic(room("!open:example.org")))
            #expect(try await !directory.isPublic(room("!team:example.org")))
            #expect(try await !directory.isPublic(room("!knock:example.org")))
            #expect(try await directory.isMember(ChatUserID("@bob:example.org"), of: room("!team:example.org")))
            #expect(try await !directory.isMember(ChatUserID("@carol:example.org"), of: room("!team:example.org")))
            #expect(try await !directory.isPublic(room("!elsewhere:example.org")))
            #expect(try await !directory.isMember(ChatUserID("@carol:example.org"), of: room("!elsewhere:example.org")))
        }
    }
}
