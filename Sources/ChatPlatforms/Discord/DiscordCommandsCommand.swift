import ArgumentParser

struct DiscordCommandsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discord-commands",
        abstract: "Print the Discord application's slash commands, as its bulk registration takes them.",
        discussion: """
            Register them once (and again after an upgrade that adds a verb) with the bot token:

              unhurried discord-commands > commands.json
              curl -X PUT -H "Authorization: Bot $DISCORD_BOT_TOKEN" -H "Content-Type: application/json" \\
                --data @commands.json https://discord.com/api/v10/applications/$DISCORD_APPLICATION_ID/commands
            """)

    func run() {
        print(DiscordCommandList.prettyPrinted, terminator: "")
    }
}
