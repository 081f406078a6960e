import Foundation
import UnhurriedCore

/// The Microsoft Teams app manifest (`manifest.json` in the app package) of one installation: its bot is the Entra
/// app that `serve` authenticates as, and its commands are the verbs people type after @mentioning it.
/// `manifests/teams/manifest.json` is this manifest for the placeholder id and host, and the tests keep it so.
package struct TeamsAppManifest: Sendable {
    package static let schemaVersion = "1.30"
    /// Teams keeps an uploaded app until a package with a higher version replaces it: raise this with every change
    /// to what the manifest says.
    package static let appVersion = "1.0.0"
    /// Teams shows at most 12 commands a list (schema 1.24 on). In a 1:1 chat people look after their own asks and
    /// settings; in channels and group chats they ask, answer and record what the conversation decided.
    package static let personalCommands: [Verb] = [.inbox, .sent, .show, .ack, .done, .snooze, .cancel, .hours, .away, .update, .overlap, .help]
    package static let conversationCommands: [Verb] = [.ask, .ack, .done, .snooze, .show, .overlap, .decision, .decisions, .preread, .policy, .stats, .help]
    /// Without it Teams sends the bot only channel messages that @mention it; a reply in a card's thread acknowledges
    /// it. Group chats have no threads, so nothing there needs reading beyond what mentions the bot.
    package static let resourceSpecificPermissions = ["ChannelMessage.Read.Group"]
    package static let placeholderAppID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    package static let placeholderHost = "unhurried.example.com"
    package static let defaultName = "Unhurried"
    /// Teams' limit on the short name, which is also the name people @mention.
    package static let nameLimit = 30

    /// The bot's Microsoft Entra application (client) id: the bot id, and the app's id so that a new package of
    /// the same installation updates the app rather than adding a second one.
    package var appID: UUID
    /// Where Unhurried is reached, without scheme: `unhurried.example.com`.
    package var host: String
    package var name: String

    package init(appID: UUID, host: String, name: String = Self.defaultName) {
        self.appID = appID
        self.host = host
        self.name = name
    }

    /// Pretty-printed with sorted keys, so the committed example reads well and compares byte for byte.
    package func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    private var document: Document {
        let id = appID.uuidString.lowercased()
        let site = "https://\(host)/"
        return Document(
            schema: "https://developer.microsoft.com/json-schemas/teams/v\(Self.schemaVersion)/MicrosoftTeams.schema.json",
            manifestVersion: Self.schemaVersion,
            version: Self.appVersion,
            id: id,
            developer: .init(name: Self.defaultName, websiteUrl: site, privacyUrl: site, termsOfUseUrl: site),
            name: .init(short: name, full: "\(name): asks with response times in working hours"),
            description: .init(
                short: "Asks in chat, tracked, with response times in working hours.",
                full: """
                    Turns a message such as "@\(name) ask @Bob review the Q3 brief by friday" into a tracked ask: a card \
                    in the conversation with Acknowledge, Done and Snooze, reminders to each assignee inside their own \
                    working hours, and an overdue notice when the team's response time has passed. It also records \
                    decisions, schedules meeting pre-reads and runs async standups. It reads the replies in its cards' \
                    threads (a reply acknowledges the ask) and reactions to its messages; everything it keeps stays on \
                    the server your organisation runs it on.
                    """),
            icons: .init(color: TeamsAppPackage.colorIconName, outline: TeamsAppPackage.outlineIconName),
            accentColor: "#3E63B8",
            bots: [.init(
                botId: id,
                scopes: ["personal", "team", "groupChat"],
                isNotificationOnly: false,
                supportsFiles: false,
                commandLists: [
                    .init(scopes: ["personal"], commands: Self.personalCommands.map(Command.init)),
                    .init(scopes: ["team"], commands: Self.conversationCommands.map(Command.init)),
                    .init(scopes: ["groupChat"], commands: Self.conversationCommands.map(Command.init)),
                ])],
            validDomains: [host],
            // Teams refuses resource-specific permissions without it; `resource` is unused by them but must be set.
            webApplicationInfo: .init(id: id, resource: site),
            authorization: .init(permissions: .init(
                resourceSpecific: Self.resourceSpecificPermissions.map { .init(name: $0, type: "Application") })))
    }

    private struct Document: Encodable {
        var schema: String
        var manifestVersion, version, id: String
        var developer: Developer
        var name: Name
        var description: Description
        var icons: Icons
        var accentColor: String
        var bots: [Bot]
        var validDomains: [String]
        var webApplicationInfo: WebApplicationInfo
        var authorization: Authorization

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case manifestVersion, version, id, developer, name, description, icons, accentColor, bots, validDomains,
                webApplicationInfo, authorization
        }
    }

    private struct Developer: Encodable { var name, websiteUrl, privacyUrl, termsOfUseUrl: String }
    private struct Name: Encodable { var short, full: String }
    private struct Description: Encodable { var short, full: String }
    private struct Icons: Encodable { var color, outline: String }
    private struct WebApplicationInfo: Encodable { var id, resource: String }
    private struct Authorization: Encodable { var permissions: Permissions }
    private struct Permissions: Encodable { var resourceSpecific: [Permission] }
    private struct Permission: Encodable { var name, type: String }

    private struct Bot: Encodable {
        var botId: String
        var scopes: [String]
        var isNotificationOnly, supportsFiles: Bool
        var commandLists: [CommandList]
    }

    private struct CommandList: Encodable {
        var scopes: [String]
        var commands: [Command]
    }

    /// What Teams' command menu shows: the verb, and the line `help` gives it.
    private struct Command: Encodable {
        var title, description: String

        init(_ verb: Verb) {
            let summary = verb.forms[0].summary
            title = verb.rawValue
            description = summary.prefix(1).uppercased() + summary.dropFirst()
        }
    }
}
