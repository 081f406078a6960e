import ArgumentParser
import ChatPlatforms
import Foundation
import UnhurriedConfiguration
import UnhurriedCore

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a policy file: exit 0 with a summary, or exit 1 listing every problem as file:line:column.")

    @Argument(help: "The policy file (YAML).") var file: String

    func run() throws {
        do {
            let policy = try PolicyFile.load(path: file, platforms: RegisteredPlatforms.names)
            let tiers = policy.tiers.map { "\($0.name) \($0.respondWithin)\($0.counting == .calendar ? " calendar" : "")" }
            print("\(file): OK — tiers \(tiers.joined(separator: ", ")); default \(policy.defaultTierName); "
                + "hours \(policy.workingHours.summary); \(policy.workingHours.holidays.count) holidays; "
                + "\(policy.holidayCalendars.count) holiday calendars; \(policy.people.count) people; \(policy.channels.count) channel overrides; "
                + "pre-reads posted \(policy.prereads.postBefore) and reminded \(policy.prereads.remindBefore) ahead; \(policy.standups.count) standups; "
                + (policy.publish.isEmpty ? "decisions kept in the chat only" : "decisions published to \(policy.publish.map(\.name).joined(separator: ", "))"))
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
