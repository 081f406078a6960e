import Foundation
import UnhurriedCore
import Yams

/// A rehearsal of a policy: who works when, and what people type and do at given instants. `unhurried
/// simulate` replays it in virtual time through the same core, scheduler and delivery worker as `serve`.
public struct Scenario: Sendable {
    public struct Person: Sendable, Equatable {
        public var user: ChatUserID
        /// Arguments of `/hours`, as the person would type them: `08:00-16:00 mon-thu America/New_York`.
        public var hours: String?
        /// Arguments of `/away`, one range each: `2026-11-26` or `2026-12-20..2027-01-04`.
        public var away: [String]
    }

    public enum Action: Sendable, Equatable {
        /// A slash command as typed, mentions as `@U0BOB`.
        case command(String)
        /// A reply under the item's card: the assignee's first response.
        case reply(ItemID)
        /// A ✅ reaction on the item's card: the assignee's part is done.
        case done(ItemID)
    }

    public struct Step: Sendable, Equatable {
        public var at: Date
        public var user: ChatUserID
        public var channel: String
        public var action: Action
    }

    public var start: Date
    public var end: Date
    public var people: [Person]
    /// In the order they happen.
    public var steps: [Step]
}

/// Reads scenario files, reporting every problem at once by file, line, column and key.
public enum ScenarioFile {
    /// How long a scenario runs when it names no `until`.
    public static let defaultLength: TimeInterval = 7 * 86_400

    public static func load(path: String) throws(YAMLFileError) -> Scenario {
        var reader = ScenarioReader(file: path)
        return try reader.load()
    }

    public static func parse(_ yaml: String, file: String) throws(YAMLFileError) -> Scenario {
        var reader = ScenarioReader(file: file)
        return try reader.parse(yaml)
    }
}

private struct ScenarioReader: YAMLFileReader {
    let file: String
    var problems: [YAMLFileProblem] = []

    init(file: String) {
        self.file = file
    }

    static let topLevelKeys = ["start", "until", "channel", "people", "steps"]
    static let stepKeys = ["at", "as", "in", "command", "reply", "done"]

    mutating func read(_ yaml: String) -> Scenario? {
        guard let root = compose(yaml), let top = mapping(root, key: "(top level)", allowed: Self.topLevelKeys) else { return nil }
        guard let startNode = top["start"] else {
            problem(root, "start", "missing: the instant the rehearsal begins, e.g. start: 2026-11-23T08:00:00Z")
            return nil
        }
        let start = readInstant(startNode, key: "start")
        var end = start?.addingTimeInterval(ScenarioFile.defaultLength)
        if let node = top["until"], let until = readInstant(node, key: "until") {
            if let start, until <= start {
                problem(node, "until", "must be later than start")
            } else {
                end = until
            }
        }
        let channel = top["channel"]?.string ?? "C0GENERAL"
        var people: [Scenario.Person] = []
        if let node = top["people"] { people = readPeople(node) }
        var steps: [Scenario.Step] = []
        if let node = top["steps"] { steps = readSteps(node, channel: channel, start: start, end: end) }
        guard let start, let end else { return nil }
        return Scenario(start: start, end: end, people: people, steps: steps.sorted { $0.at < $1.at })
    }

    private mutating func readPeople(_ node: Node) -> [Scenario.Person] {
        guard let map = orderedMapping(node, key: "people") else { return [] }
        var people: [Scenario.Person] = []
        for (userNode, settingsNode) in map {
            let user = userNode.string ?? ""
            let key = "people.\(user)"
            guard let fields = mapping(settingsNode, key: key, allowed: ["hours", "away"]) else { continue }
            var person = Scenario.Person(user: ChatUserID(user), hours: nil, away: [])
            if let hoursNode = fields["hours"] {
                let text = hoursNode.string ?? ""
                let command = try? CommandGrammar(tierNames: []).read(commandName: "hours", tokens: words(text))
                if case .setHours = command {
                    person.hours = text
                } else {
                    problem(hoursNode, "\(key).hours", "'\(text)' is not what /hours reads; e.g. \"08:00-16:00 mon-thu America/New_York\"")
                }
            }
            if let awayNode = fields["away"] {
                guard case .sequence(let ranges) = awayNode else {
                    problem(awayNode, "\(key).away", "must be a list of dates or ranges, e.g. [2026-11-26, 2026-12-20..2027-01-04]")
                    continue
                }
                for rangeNode in ranges {
                    let text = rangeNode.string ?? ""
                    // Dates a replay reads the same whenever it runs.
                    guard let range = DateRange(parsing: text), range.isAtMostAYear else {
                        problem(rangeNode, "\(key).away", "'\(text)' is not a date or a range; e.g. 2026-11-26 or 2026-12-20..2027-01-04")
                        continue
                    }
                    person.away.append(text)
                }
            }
            people.append(person)
        }
        return people
    }

    private mutating func readSteps(_ node: Node, channel: String, start: Date?, end: Date?) -> [Scenario.Step] {
        guard case .sequence(let sequence) = node else {
            problem(node, "steps", "must be a list of steps, each with at, as and one of command, reply or done")
            return []
        }
        var steps: [Scenario.Step] = []
        for (index, stepNode) in sequence.enumerated() {
            let key = "steps[\(index)]"
            guard let fields = mapping(stepNode, key: key, allowed: Self.stepKeys) else { continue }
            guard let atNode = fields["at"], let userNode = fields["as"] else {
                problem(stepNode, key, "needs at (an instant) and as (who acts)")
                continue
            }
            guard let at = readInstant(atNode, key: "\(key).at") else { continue }
            if let start, let end, at < start || at > end {
                problem(atNode, "\(key).at", "falls outside the scenario's start and until")
                continue
            }
            let actions = ["command", "reply", "done"].filter { fields[$0] != nil }
            guard actions.count == 1, let name = actions.first, let actionNode = fields[name] else {
                problem(stepNode, key, "needs exactly one of command, reply or done")
                continue
            }
            let action: Scenario.Action
            switch name {
            case "command":
                guard let text = actionNode.string, text.hasPrefix("/") else {
                    problem(actionNode, "\(key).command", "must be a slash command as typed, e.g. \"/ask @U0BOB review …\"")
                    continue
                }
                action = .command(text)
            default:
                guard let id = actionNode.string.flatMap(ItemID.init(parsing:)) else {
                    problem(actionNode, "\(key).\(name)", "must be an item number, e.g. 1")
                    continue
                }
                action = name == "reply" ? .reply(id) : .done(id)
            }
            steps.append(Scenario.Step(
                at: at, user: ChatUserID(userNode.string ?? ""), channel: fields["in"]?.string ?? channel, action: action))
        }
        return steps
    }

    private mutating func readInstant(_ node: Node, key: String) -> Date? {
        guard let text = node.string, let date = try? Date(text, strategy: .iso8601) else {
            problem(node, key, "'\(node.string ?? "")' is not an instant; write it as 2026-11-23T09:00:00Z or with an offset, 2026-11-23T10:00:00+01:00")
            return nil
        }
        return date
    }

    private func words(_ text: String) -> [CommandToken] {
        text.split(whereSeparator: \.isWhitespace).map { .word(String($0)) }
    }
}
