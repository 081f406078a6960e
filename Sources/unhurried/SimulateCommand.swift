import ArgumentParser
import ChatPlatforms
import Foundation
import Logging
import UnhurriedConfiguration
import UnhurriedCore
import UnhurriedServer

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay a scenario in virtual time and print every message the bot would send.",
        discussion: """
            The scenario names people's hours and time away, and what they type and do at given instants; the
            replay runs it through the same core, scheduler and delivery worker as `serve`, on a throwaway
            database, in milliseconds. See config/scenario.example.yaml:
              unhurried simulate --config config/unhurried.example.yaml config/scenario.example.yaml
            Each message says whom it calls (notifies) and whom it only names; the text ends with how often each
            person was called inside and outside their working hours (outside should be none).
            With --json, one JSON object a line: at (UTC, Z), kind, item, channel or to, thread, notifies, text.
            """)

    @Argument(help: "The scenario file (YAML).") var scenario: String
    @Option(help: "Policy file (YAML); without one the built-in policy applies.") var config: String?
    @Option(help: "Time zone to show instants in (IANA name).") var timeZone = "UTC"
    @Flag(help: "Print one JSON object a line instead of text.") var json = false

    func run() async throws {
        guard let zone = TimeZone(identifier: timeZone) else { throw ValidationError("--time-zone '\(timeZone)' is not an IANA time zone") }
        let policy = try loadPolicy(config)
        let replay: Scenario
        do {
            replay = try ScenarioFile.load(path: scenario)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
        var logger = Logger(label: "unhurried-simulate")
        logger.logLevel = .error
        let posts = try await Simulation(policy: policy, scenario: replay, logger: logger).run()
        if json {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for post in posts { print(String(decoding: try encoder.encode(post), as: UTF8.self)) }
        } else {
            let renderer = PlainTextRenderer(timeZone: zone)
            for post in posts { print(Self.line(post, renderer: renderer, zone: zone)) }
            print("\(posts.count) messages from \(renderer.format(replay.start)) to \(renderer.format(replay.end))")
            for line in Self.calls(in: posts) { print(line) }
        }
    }

    /// `U0BOB: called 4 times in their working hours, 0 outside them`, a line a person, in the order of their ids.
    private static func calls(in posts: [SimulatedPost]) -> [String] {
        var counts: [String: (inside: Int, outside: Int)] = [:]
        for post in posts {
            for person in post.notifies {
                if post.notifiesOutsideHours.contains(person) { counts[person, default: (0, 0)].outside += 1 } else { counts[person, default: (0, 0)].inside += 1 }
            }
        }
        return counts.keys.sorted().map { person in
            let count = counts[person] ?? (0, 0)
            return "\(person): called \(count.inside) \(count.inside == 1 ? "time" : "times") in their working hours, \(count.outside) outside them"
        }
    }

    private static func line(_ post: SimulatedPost, renderer: PlainTextRenderer, zone: TimeZone) -> String {
        let place = post.kind == .privateReply ? "to \(post.to) (only them)" : post.inThread ? "\(post.to) thread" : post.to
        let about = post.about.map { " about \($0)" } ?? ""
        let people = post.notifies.map { " calls @\($0)" } + post.names.map { " names @\($0)" }
        let item = post.item.map { "#\($0)" } ?? ""
        let head = "\(renderer.format(post.at))  \(post.kind.description.padding(toLength: 15, withPad: " ", startingAt: 0)) "
            + "\(item.padding(toLength: 5, withPad: " ", startingAt: 0)) \(place)\(about)" + (post.kind == .privateReply ? "" : people.joined(separator: ","))
        return head + "\n    " + post.text
    }
}
