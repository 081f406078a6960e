import Foundation
import Synchronization
import Testing
import UnhurriedCore
import UnhurriedStorage

/// `/decisions` searches every public channel and the private channels the person is in, and says where each
/// decision was made; a private channel's decisions never reach anyone outside it.
@Suite struct DecisionSearchTests {
    private let team = InMemoryTeam()
    private let general = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C0GENERAL")
    private let secret = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "G0SECRET")
    private let directory: FakeChannelDirectory
    /// One handler, as the server has: what it remembers of the platform's answers lasts across searches.
    private let commands: CommandHandler

    init() {
        directory = FakeChannelDirectory(publicChannels: ["C1", "C0GENERAL"], members: ["G0SECRET": [ChatUserID("U0BOB")]])
        commands = CommandHandler(store: team.store, policy: team.policy, channelDirectories: ["slack": directory])
    }

    private func decide(_ text: String, in channel: ChatChannel) async throws {
        _ = try await commands.handle(
            IncomingCommand(commandName: "/decision", tokens: team.tokens(text), speaker: team.alice, channel: channel), now: team.clock.now)
    }

    private func search(_ words: String, by user: ChatUserID, in channel: ChatChannel) async throws -> String {
        try await commands.handle(
            IncomingCommand(commandName: "/decisions", tokens: team.tokens(words), speaker: user, channel: channel), now: team.clock.now
        ).reply.words
    }

    @Test func aMemberOfAPrivateChannelFindsItsDecisionFromAnotherChannel() async throws {
        try await decide("The pricing page launches in March", in: secret)
        let found = try await search("pricing", by: team.bob, in: team.channel)
        #expect(found.contains("The pricing page launches in March"))
        #expect(found.contains("#G0SECRET"))
    }

    @Test func someoneOutsideAPrivateChannelNeverSeesItsDecisionsEvenWithMatchingWords() async throws {
        try await decide("The pricing page launches in March", in: secret)
        try await decide("Pricing stays at 12 euros", in: general)
        for words in ["pricing", "pricing page launches March", ""] {
            let found = try await search(words, by: team.carol, in: team.channel)
            #expect(!found.contains("launches in March"), "\(words)")
            #expect(found.contains("Pricing stays at 12 euros"))
        }
    }

    @Test func aPublicChannelsDecisionIsFoundFromAnotherChannelWithWhereItWasMade() async throws {
        try await decide("We ship on Thursdays", in: general)
        let found = try await search("ship", by: team.carol, in: team.channel)
        #expect(found.contains("We ship on Thursdays"))
        #expect(found.contains("#C0GENERAL"))
    }

    @Test func aChannelThePlatformCannotAnswerForIsLeftOutAndTheSearchSaysSo() async throws {
        try await decide("The pricing page launches in March", in: secret)
        _ = directory.down.withLock { $0.insert("G0SECRET") }
        let found = try await search("pricing", by: team.bob, in: team.channel)
        #expect(!found.contains("launches in March"))
        #expect(found.contains("1 channel could not be checked"))
    }

    @Test func membershipIsRememberedForAMinuteAndAskedAgainAfter() async throws {
        try await decide("The pricing page launches in March", in: secret)
        _ = try await search("pricing", by: team.bob, in: team.channel)
        team.clock.advance(by: 30)
        _ = try await search("pricing", by: team.bob, in: team.channel)
        #expect(directory.questions.withLock { $0.count { $0 == "member U0BOB G0SECRET" } } == 1)
        team.clock.advance(by: 61)
        _ = try await search("pricing", by: team.bob, in: team.channel)
        #expect(directory.questions.withLock { $0.count { $0 == "member U0BOB G0SECRET" } } == 2)
        #expect(directory.questions.withLock { $0.count { $0 == "public G0SECRET" } } == 1)
    }

    @Test func withoutAChannelDirectoryTheSearchStaysInThisChannelAndSaysSo() async throws {
        try await decide("We ship on Thursdays", in: general)
        let found = try await team.command("decisions", "ship", by: team.carol).reply.words
        #expect(!found.contains("We ship on Thursdays"))
        #expect(found.contains("Only this channel's decisions are searched here"))
    }
}
