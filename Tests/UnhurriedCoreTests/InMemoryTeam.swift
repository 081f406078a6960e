import Foundation
import Testing
import UnhurriedCore
import UnhurriedStorage

/// A team in one Slack channel, on a store of its own in memory, in virtual time from Monday 2026-11-23 08:00 UTC
/// under the built-in policy (09:00–17:00 UTC, Monday to Friday): the core's handlers as `serve` builds them, with
/// no database, no network and no chat platform.
struct InMemoryTeam {
    let channel = ChatChannel(platform: "slack", workspaceID: "T1", channelID: "C1")
    let alice = ChatUserID("U0ALICE")
    let bob = ChatUserID("U0BOB")
    let carol = ChatUserID("U0CAROL")
    /// Has no part in anything asked.
    let dan = ChatUserID("U0DAN")

    let store = InMemoryStore()
    let clock = VirtualClock(Date(timeIntervalSince1970: 1_795_420_800))
    var policy = LivePolicy(.builtIn)

    var workspace: WorkspaceRef { channel.workspace }
    var commands: CommandHandler { CommandHandler(store: store, policy: policy) }
    var responses: ItemResponses { ItemResponses(store: store, policy: policy) }
    var events: ChatEventHandler { ChatEventHandler(store: store, policy: policy, commands: commands) }

    /// `@U0BOB` mentions Bob; every other word is a word.
    func tokens(_ text: String) -> [CommandToken] {
        text.split(separator: " ").map { $0.hasPrefix("@") ? .mention(ChatUserID(String($0.dropFirst()))) : .word(String($0)) }
    }

    /// Runs the slash command `/name text` as `speaker` would type it, now.
    func command(_ name: String, _ text: String = "", by speaker: ChatUserID) async throws -> CommandOutcome {
        try await commands.handle(
            IncomingCommand(commandName: "/\(name)", tokens: tokens(text), speaker: speaker, channel: channel), now: clock.now)
    }

    /// Alice asks, with `/ask`; returns what was recorded.
    func ask(_ text: String) async throws -> Item {
        try #require(try await command("ask", text, by: alice).createdItem)
    }

    /// Delivers the item's card as the outbox would, as message `ref`.
    func postCard(of item: Item, as ref: String) async throws {
        let card = try #require(try await store.post(withKey: .card(of: item.id)))
        try await store.markSent(card.id, messageRef: ref, at: clock.now)
    }

    func stored(_ item: Item) async throws -> Item {
        try #require(try await store.item(item.id, in: workspace))
    }
}
