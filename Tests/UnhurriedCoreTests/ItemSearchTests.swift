import Foundation
import Testing
import UnhurriedCore
import UnhurriedStorage

/// `/search` and `/show` keep a private channel's asks, and the answers kept with them, inside it.
@Suite struct ItemSearchTests {
    private let team = InMemoryTeam()
    private let secret = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "G0SECRET")
    private let commands: CommandHandler

    init() {
        let directory = FakeChannelDirectory(publicChannels: ["C1"], members: ["G0SECRET": [ChatUserID("U0BOB")]])
        commands = CommandHandler(store: team.store, policy: team.policy, channelDirectories: ["slack": directory])
    }

    private func run(_ verb: String, _ text: String, by user: ChatUserID, in channel: ChatChannel) async throws -> String {
        try await commands.handle(
            IncomingCommand(commandName: "/\(verb)", tokens: team.tokens(text), speaker: user, channel: channel), now: team.clock.now
        ).reply.words
    }

    /// Alice asks Dan in the private channel, where Bob is and Carol is not; Dan answers under the card.
    private func askInSecret() async throws -> ItemID {
        _ = try await run("ask", "@U0DAN is the acquisition on track?", by: team.alice, in: secret)
        let id = ItemID(1)
        let card = try #require(try await team.store.post(withKey: .card(of: id)))
        try await team.store.markSent(card.id, messageRef: "9.1", at: team.clock.now)
        _ = try await team.events.handle(
            .threadReply(channel: secret, parentRef: "9.1", user: team.dan, text: "Signing moves to March"), now: team.clock.now)
        return id
    }

    @Test func aMemberFindsAPrivateChannelsAskByItsAnswerFromAnotherChannel() async throws {
        let id = try await askInSecret()
        let found = try await run("search", "march", by: team.bob, in: team.channel)
        #expect(found.contains("#1 ask, open, in #G0SECRET"))
        #expect(try await run("show", "\(id.rawValue)", by: team.bob, in: team.channel).contains("Signing moves to March"))
    }

    @Test func someoneOutsideItNeitherFindsNorShowsIt() async throws {
        let id = try await askInSecret()
        #expect(try await run("search", "acquisition march", by: team.carol, in: team.channel).contains("No ask or pre-read matches"))
        let shown = try await run("show", "\(id.rawValue)", by: team.carol, in: team.channel)
        #expect(shown.contains("There is no item #1") && !shown.contains("acquisition"))
        // The people it names see it wherever they ask from.
        #expect(try await run("show", "\(id.rawValue)", by: team.dan, in: team.channel).contains("Signing moves to March"))
    }
}
