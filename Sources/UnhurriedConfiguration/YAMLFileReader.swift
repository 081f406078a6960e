import Foundation
import UnhurriedCore
import Yams

/// What reading any of Unhurried's YAML files shares: every problem is collected (not just the first) and
/// located by file, line, column and dotted key, and sections are checked the same way in every file.
protocol YAMLFileReader {
    associatedtype Document
    var file: String { get }
    var problems: [YAMLFileProblem] { get set }
    /// The document, or nil when it could not be read at all; `problems` says why, and what else is wrong.
    mutating func read(_ yaml: String) -> Document?
}

extension YAMLFileReader {
    /// The document in `yaml`, used only when it has no problem at all.
    mutating func parse(_ yaml: String) throws(YAMLFileError) -> Document {
        let document = read(yaml)
        guard let document, problems.isEmpty else { throw YAMLFileError(problems: problems) }
        return document
    }

    /// The document in the reader's `file`.
    mutating func load() throws(YAMLFileError) -> Document {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw YAMLFileError(problems: [
                YAMLFileProblem(file: file, line: 0, column: 0, key: "(file)", message: "cannot be read: \(error.localizedDescription)"),
            ])
        }
        return try parse(text)
    }

    /// The document's root node, or nil after reporting why there is none.
    mutating func compose(_ yaml: String) -> Node? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            report(syntax: error)
            return nil
        } catch {
            problems.append(YAMLFileProblem(file: file, line: 0, column: 0, key: "(file)", message: "\(error)"))
            return nil
        }
        guard let root else {
            problems.append(YAMLFileProblem(file: file, line: 1, column: 1, key: "(file)", message: "the file is empty"))
            return nil
        }
        return root
    }

    mutating func problem(_ node: Node, _ key: String, _ message: String) {
        let mark = node.mark
        problems.append(YAMLFileProblem(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, key: key, message: message))
    }

    mutating func report(syntax error: YamlError) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            problems.append(YAMLFileProblem(file: file, line: mark.line, column: mark.column, key: "(syntax)", message: problem))
        default:
            problems.append(YAMLFileProblem(file: file, line: 0, column: 0, key: "(syntax)", message: "\(error)"))
        }
    }

    /// A mapping's values by key, reporting keys that are not `allowed` and values that are not a mapping.
    mutating func mapping(_ node: Node, key: String, allowed: [String]) -> [String: Node]? {
        guard let pairs = orderedMapping(node, key: key) else { return nil }
        var values: [String: Node] = [:]
        for (keyNode, value) in pairs {
            let name = keyNode.string ?? ""
            let path = key.hasPrefix("(") ? name : "\(key).\(name)"
            guard allowed.contains(name) else {
                problem(keyNode, path, "unknown key; expected one of \(allowed.joined(separator: ", "))")
                continue
            }
            values[name] = value
        }
        return values
    }

    mutating func orderedMapping(_ node: Node, key: String) -> [(Node, Node)]? {
        guard case .mapping(let mapping) = node else {
            problem(node, key, "must be a mapping of keys to values")
            return nil
        }
        var seen: Set<String> = []
        var pairs: [(Node, Node)] = []
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? ""
            guard seen.insert(name).inserted else {
                problem(keyNode, key.hasPrefix("(") ? name : "\(key).\(name)", "appears twice")
                continue
            }
            pairs.append((keyNode, value))
        }
        return pairs
    }

    mutating func readTimeZone(_ node: Node, key: String) -> TimeZone? {
        guard let zone = node.string.flatMap(TimeZone.init(configuredName:)) else {
            problem(node, key, "'\(node.string ?? "")' is not an IANA time zone; use e.g. Europe/Berlin or America/Chicago")
            return nil
        }
        return zone
    }

    mutating func readTime(_ node: Node, key: String) -> TimeOfDay? {
        guard let text = node.string, let time = TimeOfDay(parsing: text) else {
            problem(node, key, "'\(node.string ?? "")' is not a time of day; write it quoted as \"HH:MM\", e.g. \"09:00\"")
            return nil
        }
        return time
    }

    mutating func readDuration(_ node: Node, key: String) -> PolicyDuration? {
        guard let duration = node.string.flatMap(PolicyDuration.init(parsing:)), !duration.isZero else {
            problem(node, key, "'\(node.string ?? "")' is not a duration of at most \(PolicyDuration.longestDays)d; use e.g. 90s, 30m, 4h, 1d or 1d4h")
            return nil
        }
        return duration
    }
}
