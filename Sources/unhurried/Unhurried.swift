import ArgumentParser
import ChatPlatformKit
import ChatPlatforms

@main
struct Unhurried: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unhurried",
        abstract: "Async asks with response times counted in each person's working hours, for team chat.",
        subcommands: [
            ServeCommand.self, TryCommand.self, CheckConfigCommand.self, ExplainCommand.self, SimulateCommand.self, OutboxCommand.self,
            ExportCommand.self,
        ] + RegisteredPlatforms.all.flatMap { $0.commands })
}
