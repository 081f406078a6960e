import ChatPlatformKit
import Foundation
import UnhurriedCore

/// The application's slash commands, one per verb, as Discord's bulk registration takes them
/// (`PUT /applications/{id}/commands`). Each has one text option for what follows the verb; a person picked in it
/// arrives as `<@id>`. They are offered in servers only, where asks are posted.
public enum DiscordCommandList {
    /// Discord's longest command and option descriptions.
    static let maximumDescription = 100

    public static var json: JSONValue {
        .array(Verb.allCases.map(command))
    }

    /// `manifests/discord-commands.json` as written: the list, indented, one field a line.
    public static var prettyPrinted: String {
        let object = (try? JSONSerialization.jsonObject(with: json.encoded())) ?? []
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func command(_ verb: Verb) -> JSONValue {
        let form = verb.forms[0]
        var members: [(String, JSONValue)] = [
            ("name", .string(verb.rawValue)), ("type", 1), ("description", .string(described(form.summary))),
            // Servers only (context 0), installed to a server (integration type 0).
            ("contexts", [0]), ("integration_types", [0]),
        ]
        if !form.arguments.isEmpty {
            let required = form.arguments.hasPrefix("<") || form.arguments.hasPrefix("@")
            members.append(("options", [[
                "type": 3, "name": .string(DiscordInteraction.textOption), "description": .string(described(form.arguments)),
                "required": .bool(required), "max_length": .number(Double(CommandGrammar.longestText)),
            ]]))
        }
        return .object(members)
    }

    private static func described(_ text: String) -> String {
        text.count <= maximumDescription ? text : String(text.prefix(maximumDescription - 1)) + "…"
    }
}
