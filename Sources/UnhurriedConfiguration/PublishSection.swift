import Foundation
import UnhurriedCore
import Yams

/// The policy's `publish:` section: one entry per target, each naming only what is not secret (where, and which
/// channels); the credentials are environment variables that `serve --help` lists.
extension YAMLFileReader {
    mutating func readPublish(_ node: Node) -> [PublicationTarget] {
        guard let entries = mapping(node, key: "publish", allowed: PublicationTarget.Destination.names) else { return [] }
        var targets: [PublicationTarget] = []
        // In the order of the names, so the targets (and a decision's posts) come in the same order on every read.
        for name in PublicationTarget.Destination.names {
            guard let entry = entries[name], let target = readPublicationTarget(entry, name: name) else { continue }
            targets.append(target)
        }
        return targets
    }

    private mutating func readPublicationTarget(_ node: Node, name: String) -> PublicationTarget? {
        let key = "publish.\(name)"
        let settings: [String: (required: Bool, example: String)] = switch name {
        case "confluence": ["base_url": (true, "https://your-team.atlassian.net"), "page_id": (true, "\"123456\"")]
        case "notion": ["data_source_id": (true, "\"1f2e3d4c-…\""), "base_url": (false, "https://api.notion.com")]
        default: ["url": (true, "https://hooks.example.com/decisions")]
        }
        guard let fields = mapping(node, key: key, allowed: settings.keys.sorted() + ["channels"]) else { return nil }
        var values: [String: String] = [:]
        var complete = true
        for (field, setting) in settings.sorted(by: { $0.key < $1.key }) {
            guard let valueNode = fields[field] else {
                if setting.required {
                    problem(node, "\(key).\(field)", "missing: e.g. \(field): \(setting.example)")
                    complete = false
                }
                continue
            }
            let value = field.hasSuffix("url") ? readWebURL(valueNode, key: "\(key).\(field)", example: setting.example)?.absoluteString
                : readIdentifier(valueNode, key: "\(key).\(field)", example: setting.example)
            if let value { values[field] = value } else { complete = false }
        }
        let channels = fields["channels"].map { readChannelIDs($0, key: "\(key).channels") }
        guard complete else { return nil }
        let destination: PublicationTarget.Destination = switch name {
        case "confluence": .confluence(baseURL: URL(string: values["base_url"]!)!, pageID: values["page_id"]!)
        case "notion": .notion(baseURL: URL(string: values["base_url"] ?? "https://api.notion.com")!, dataSourceID: values["data_source_id"]!)
        default: .webhook(url: URL(string: values["url"]!)!)
        }
        return PublicationTarget(destination, channels: channels)
    }

    /// An http(s) URL with a host; a secret has no place in it, so one with a user or password is refused.
    private mutating func readWebURL(_ node: Node, key: String, example: String) -> URL? {
        guard let text = node.string, let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false else {
            problem(node, key, "'\(node.string ?? "")' is not an http(s) URL; use e.g. \(example)")
            return nil
        }
        guard url.user == nil, url.password == nil else {
            problem(node, key, "must not hold credentials; they come from the environment (see unhurried serve --help)")
            return nil
        }
        return url
    }

    /// An id that goes into a URL path or a JSON field as it is: letters, digits and dashes only.
    private mutating func readIdentifier(_ node: Node, key: String, example: String) -> String? {
        guard let text = node.string, !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            problem(node, key, "'\(node.string ?? "")' is not an id of letters, digits and dashes; use e.g. \(example)")
            return nil
        }
        return text
    }

    private mutating func readChannelIDs(_ node: Node, key: String) -> Set<String> {
        guard case .sequence(let sequence) = node, !sequence.isEmpty else {
            problem(node, key, "must be a list of channel ids, e.g. [C0DECISIONS]")
            return []
        }
        var ids: Set<String> = []
        for item in sequence {
            guard let id = item.string, !id.isEmpty, !id.contains(where: \.isWhitespace) else {
                problem(item, key, "'\(item.string ?? "")' is not a channel id")
                continue
            }
            ids.insert(id)
        }
        return ids
    }
}
