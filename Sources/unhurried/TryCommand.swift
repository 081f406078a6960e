import ArgumentParser
import ChatPlatforms
import Foundation
import Logging
import UnhurriedCore
import UnhurriedServer
import UnhurriedStorage

struct TryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "try",
        abstract: "Run one command through the real pipeline and print what the bot would answer and post.",
        discussion: """
            Mention people as @name. The item is stored in the same database `serve` uses, under a
            local "console" workspace, so `/inbox` and `/done` work across runs:
              unhurried try "/ask @bob review https://example.com/doc — is section 2 clear?"
              unhurried try --as bob "/inbox"
            """)

    @Argument(help: "The command as typed in chat, e.g. \"/ask @bob review https://example.com/doc\".")
    var commandLine: String

    @Option(name: .customLong("as"), help: "Who types the command.") var speaker = "you"
    @Option(help: "The channel it is typed in.") var channel = "general"
    @OptionGroup var database: DatabaseOption
    @Option(help: "Time zone to show times in (IANA name).") var timeZone = TimeZone.current.identifier
    @Option(help: "Policy file (YAML); without one the built-in policy applies.") var config: String?

    func run() async throws {
        guard let zone = TimeZone(identifier: timeZone) else { throw ValidationError("unknown time zone '\(timeZone)'") }
        let channel = ChatChannel(platform: ConsoleTransport.platform, workspaceID: "local", channelID: channel)
        guard let incoming = ConsoleText.command(commandLine, speaker: ChatUserID(speaker), channel: channel) else {
            throw ValidationError("start with the command, e.g. \"/ask @bob …\" or \"/async inbox\"")
        }
        let policy = try loadPolicy(config)
        var logger = Logger(label: "unhurried")
        logger.logLevel = .warning
        let renderer = PlainTextRenderer(timeZone: zone)
        let clock = SystemClock()
        try await database.withStore(logger: logger) { store in
            let outcome = try await CommandHandler(store: store, policy: LivePolicy(policy)).handle(incoming, now: clock.now)
            print("→ private answer to @\(speaker):\n\(renderer.render(outcome.reply))\n")
            let transport = ConsoleTransport(renderer: renderer) { print($0) }
            try await OutboxDispatcher(
                store: store, transports: [ConsoleTransport.platform: transport], clock: clock, logger: logger
            ).deliverDuePosts()
        }
    }
}
